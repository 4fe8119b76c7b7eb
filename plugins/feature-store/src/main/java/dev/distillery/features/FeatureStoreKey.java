package dev.distillery.features;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a feature store's contents depend on. A store is valid for a reader only when every part
 * equals the reader's own: outputs of another model, of other images or of differently transformed
 * images are stale, never silently reused.
 *
 * @param model digest of the model: architecture, options and parameter file ({@link
 *     FeatureDigests#model})
 * @param data digest of the split's images and labels as the model sees them ({@link
 *     FeatureDigests#data}); the dataset's own transform (padding, normalisation) is inside it
 * @param split the split the images come from: {@code train}, {@code validation} or {@code test}
 * @param transform what was done to the images on top of the dataset: always {@link #UNAUGMENTED}
 *     for stores (random crops and flips change every epoch, so augmented inputs are never stored)
 */
public record FeatureStoreKey(String model, String data, String split, String transform) {

  /** The images exactly as the split holds them: no crop, no flip. */
  public static final String UNAUGMENTED = "unaugmented";

  public FeatureStoreKey {
    Objects.requireNonNull(model, "model is null");
    Objects.requireNonNull(data, "data is null");
    Objects.requireNonNull(split, "split is null");
    Objects.requireNonNull(transform, "transform is null");
  }

  /**
   * Why a store made under {@code this} key can't serve a reader that expects {@code expected};
   * empty when the keys are equal.
   */
  public Optional<String> mismatch(FeatureStoreKey expected) {
    List<String> differences = new ArrayList<>();
    if (!model.equals(expected.model)) {
      differences.add(
          "it holds outputs of another model (digest "
              + shortDigest(model)
              + ", expected "
              + shortDigest(expected.model)
              + ")");
    }
    if (!split.equals(expected.split)) {
      differences.add("it is of split '" + split + "', not '" + expected.split + "'");
    } else if (!data.equals(expected.data)) {
      differences.add(
          "its images differ (data digest "
              + shortDigest(data)
              + ", expected "
              + shortDigest(expected.data)
              + ")");
    }
    if (!transform.equals(expected.transform)) {
      differences.add(
          "its inputs were transformed '" + transform + "', not '" + expected.transform + "'");
    }
    return differences.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", differences));
  }

  static String shortDigest(String digest) {
    return digest.length() > 12 ? digest.substring(0, 12) : digest;
  }
}
