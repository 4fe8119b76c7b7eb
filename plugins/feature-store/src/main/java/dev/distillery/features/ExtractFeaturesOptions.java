package dev.distillery.features;

import java.util.List;

/**
 * Options of the {@code extract-features} stage.
 *
 * @param model the stage (listed in {@code needs}) whose model runs, e.g. the teacher
 * @param features feature points stored besides the logits (default none: logits only)
 * @param split the split whose images run: {@code train} (default), {@code validation}, {@code
 *     test}
 * @param batchSize images per forward pass (default 256)
 */
public record ExtractFeaturesOptions(
    String model, List<String> features, String split, Integer batchSize) {

  public ExtractFeaturesOptions {
    features = features == null ? List.of() : List.copyOf(features);
    split = split == null ? "train" : split;
    batchSize = batchSize == null ? 256 : batchSize;
  }
}
