package dev.distillery.stages;

import ai.djl.ndarray.NDArray;
import dev.distillery.spi.ImageSplit;
import dev.distillery.spi.Scalars;

/**
 * The range of the real images' values, which a GAN maps to its generator's [-1, 1] (tanh) and
 * back: {@code g = 2 (x − low) / (high − low) − 1}. Datasets are normalised (Fashion-MNIST: mean 0,
 * standard deviation 1, from −0.81 to 2.02), so generated images go back to that scale before a
 * classifier trained on the dataset looks at them.
 *
 * @param low the smallest value of the training images
 * @param high the largest
 */
record PixelRange(double low, double high) {

  PixelRange {
    if (!(high > low)) {
      throw new IllegalArgumentException("pixel range needs high > low, got " + low + ".." + high);
    }
  }

  /** The range of a split's values. */
  static PixelRange of(ImageSplit split) {
    float low = Float.POSITIVE_INFINITY;
    float high = Float.NEGATIVE_INFINITY;
    int chunk = Math.max(1, (1 << 20) / Math.max(1, split.imageSize()));
    float[] values = new float[chunk * split.imageSize()];
    for (int from = 0; from < split.count(); from += chunk) {
      int to = Math.min(split.count(), from + chunk);
      split.copyImages(from, to, values, 0);
      for (int i = 0, n = (to - from) * split.imageSize(); i < n; i++) {
        low = Math.min(low, values[i]);
        high = Math.max(high, values[i]);
      }
    }
    return new PixelRange(low, high);
  }

  /** Dataset values to the generator's [-1, 1]. */
  NDArray toGenerator(NDArray images) {
    return Scalars.times(images.sub((float) low), 2 / (high - low)).sub(1f);
  }

  /** Generator values ([-1, 1]) to the dataset's scale. */
  NDArray toData(NDArray generated) {
    return Scalars.times(generated.add(1f), (high - low) / 2).add((float) low);
  }
}
