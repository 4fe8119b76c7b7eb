package dev.distillery.stages;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.distillery.spi.GeneratorNetwork;
import dev.distillery.spi.Network;
import dev.distillery.training.LiveParameterStore;
import dev.distillery.training.data.LatentStream;
import java.nio.file.Path;

/**
 * What a classifier sees in a generator's images, and image grids: the generator (inference mode)
 * on fixed latent vectors, mapped back to the data's scale, through a classifier trained on the
 * data. Class coverage counts the classes the classifier predicts for at least a tenth of an even
 * share of the images (10 classes: 1 %); confidence is the mean top-1 softmax probability.
 */
final class GanProbe {

  /** What the classifier saw. */
  record View(int coverage, double confidence, long[] perClass) {}

  private final GeneratorNetwork generator;
  private final PixelRange range;
  private final NDManager manager;
  private final ParameterStore parameters;
  private final float[] latents;
  private final int count;

  /**
   * @param seed the stage seed: the probe's latent vectors are {@link LatentStream#fixed} of it, so
   *     every stage with the same seed and latent size draws the same ones
   */
  GanProbe(GeneratorNetwork generator, PixelRange range, NDManager manager, long seed, int count) {
    this.generator = generator;
    this.range = range;
    this.manager = manager;
    this.parameters = new LiveParameterStore(manager);
    this.count = count;
    this.latents = new LatentStream(seed).fixed(1, count, generator.latentSize());
  }

  /** Images {@code [from, to)} of the probe, in the data's scale, in {@code scope}. */
  NDArray images(NDManager scope, int from, int to) {
    int latent = generator.latentSize();
    NDArray z =
        scope.create(
            java.nio.FloatBuffer.wrap(latents, from * latent, (to - from) * latent),
            new Shape(to - from, latent));
    NDArray generated = generator.block().forward(parameters, new NDList(z), false).head();
    return range.toData(generated);
  }

  /** The classifier's view of the whole probe. */
  View view(Network classifier) {
    int classes = classifier.input().classes();
    long[] perClass = new long[classes];
    double confidence = 0;
    for (int from = 0; from < count; from += 256) {
      int to = Math.min(from + 256, count);
      try (NDManager scope = manager.newSubManager()) {
        NDArray logits =
            classifier.logits(
                classifier.block().forward(parameters, new NDList(images(scope, from, to)), false));
        NDArray probabilities = logits.softmax(1);
        confidence += probabilities.max(new int[] {1}).sum().getFloat();
        for (long c : logits.argMax(1).toLongArray()) {
          perClass[(int) c]++;
        }
      }
    }
    int coverage = 0;
    for (long n : perClass) {
      coverage += n * classes * 10L >= count ? 1 : 0;
    }
    return new View(coverage, confidence / count, perClass);
  }

  /** An 8x8 grid of the first 64 probe images (data scale) to {@code file}. */
  void writeGrid(Path file) {
    int n = Math.min(DataFreeProbe.GRID_IMAGES, count);
    float[] values;
    try (NDManager scope = manager.newSubManager()) {
      values = images(scope, 0, n).toFloatArray();
    }
    GeneratedImageGrid.write(
        values, generator.image(), 8, 2, (float) range.low(), (float) range.high(), file);
  }
}
