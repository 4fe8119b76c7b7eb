package dev.distillery.stages;

/**
 * Options of the {@code evaluate-generators} stage.
 *
 * @param classifier the stage (in {@code needs}) whose model measures the images: its features give
 *     the Fréchet distance, its predictions the class coverage and confidence
 * @param feature the classifier's feature point the Fréchet distance uses (default: the feature
 *     before its classifier, e.g. LeNet-5's 120-value {@code conv3})
 * @param samples generated images per generator (default 5,000; the same latent vectors for every
 *     generator)
 * @param batchSize images per forward pass (default 500)
 */
public record EvaluateGeneratorsOptions(
    String classifier, String feature, Integer samples, Integer batchSize) {

  public EvaluateGeneratorsOptions {
    samples = samples == null ? 5000 : samples;
    batchSize = batchSize == null ? 500 : batchSize;
  }
}
