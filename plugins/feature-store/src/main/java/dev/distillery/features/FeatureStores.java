package dev.distillery.features;

import dev.distillery.spi.ImageSplit;
import dev.distillery.spi.ModelArtifact;
import dev.distillery.spi.StageContext;
import dev.distillery.spi.StageResult;
import dev.distillery.spi.UserException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How stages find feature stores: an {@code extract-features} stage puts a {@link #REPORT_ENTRY}
 * entry in its result; a stage that needs it looks among its inputs for a store whose key matches
 * the model and images it would otherwise run ({@link #find}).
 */
public final class FeatureStores {

  /** The key of the entry in a {@link StageResult#report()} that describes a feature store. */
  public static final String REPORT_ENTRY = "feature-store";

  /** The splits a store can be made of. */
  public static final List<String> SPLITS = List.of("train", "validation", "test");

  private FeatureStores() {}

  /**
   * The report entry describing a store: its directory relative to the run directory, the stage
   * whose model it ran, the split, the image count and the stored points.
   */
  public static Map<String, Object> reportEntry(
      Path runDirectory, FeatureStore store, String modelStage) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("directory", runDirectory.relativize(store.directory()).toString());
    entry.put("model-stage", modelStage);
    entry.put("split", store.key().split());
    entry.put("images", store.count());
    entry.put("points", store.points());
    return entry;
  }

  /** The images of a split of the run by name: train, validation or test. */
  public static ImageSplit split(StageContext context, String split) {
    return switch (split.toLowerCase(Locale.ROOT)) {
      case "train" -> context.trainSplit();
      case "validation" -> context.validationSplit();
      case "test" -> context.testSplit();
      default -> throw new UserException("unknown split '" + split + "'; use one of " + SPLITS);
    };
  }

  /** The key of a store of {@code model}'s outputs on the un-augmented images of a split. */
  public static FeatureStoreKey expectedKey(
      StageContext context, ModelArtifact model, String split) {
    return new FeatureStoreKey(
        FeatureDigests.model(model, context.runDirectory()),
        FeatureDigests.data(split(context, split)),
        split,
        FeatureStoreKey.UNAUGMENTED);
  }

  /**
   * A store found for a reader.
   *
   * @param store the opened store
   * @param stage the stage that wrote it
   */
  public record Found(FeatureStore store, String stage) {}

  /**
   * The outcome of a search: a store, or the reason there is none (for the stage's report).
   *
   * @param found the matching store, if any
   * @param reason why no store serves (null when one does)
   */
  public record Lookup(Optional<Found> found, String reason) {

    static Lookup of(Found found) {
      return new Lookup(Optional.of(found), null);
    }

    static Lookup none(String reason) {
      return new Lookup(Optional.empty(), reason);
    }
  }

  /**
   * Looks among the results of the stages this stage needs for a store of {@code model}'s outputs
   * on the un-augmented images of {@code split}. Stores whose key differs (another model, other
   * images, another split) are passed over and named in the reason.
   */
  public static Lookup find(StageContext context, ModelArtifact model, String split) {
    Map<String, Map<?, ?>> candidates = new LinkedHashMap<>();
    for (var input : context.inputs().entrySet()) {
      Object entry = input.getValue().report().get(REPORT_ENTRY);
      if (entry instanceof Map<?, ?> map && map.get("directory") instanceof String) {
        candidates.put(input.getKey(), map);
      }
    }
    if (candidates.isEmpty()) {
      return Lookup.none(
          "no extract-features stage among the stages this one needs " + context.inputs().keySet());
    }
    FeatureStoreKey expected = null;
    List<String> rejected = new ArrayList<>();
    for (var candidate : candidates.entrySet()) {
      String stage = candidate.getKey();
      Path directory =
          context.runDirectory().resolve((String) candidate.getValue().get("directory"));
      if (!FeatureStore.exists(directory)) {
        rejected.add("stage '" + stage + "' left no complete store in '" + directory + "'");
        continue;
      }
      FeatureStore store;
      try {
        store = FeatureStore.open(directory);
      } catch (UserException e) {
        rejected.add("stage '" + stage + "': " + e.getMessage());
        continue;
      }
      if (!store.key().split().equals(split)) {
        rejected.add(
            "the store of stage '"
                + stage
                + "' is of split '"
                + store.key().split()
                + "', not '"
                + split
                + "'");
        continue;
      }
      if (expected == null) {
        expected = expectedKey(context, model, split);
      }
      Optional<String> mismatch = store.key().mismatch(expected);
      if (mismatch.isPresent()) {
        rejected.add(
            "the store of stage '"
                + stage
                + "' is stale for model '"
                + model.name()
                + "' of stage '"
                + model.producedBy()
                + "': "
                + mismatch.get());
        continue;
      }
      return Lookup.of(new Found(store, stage));
    }
    return Lookup.none(String.join("; ", rejected));
  }
}
