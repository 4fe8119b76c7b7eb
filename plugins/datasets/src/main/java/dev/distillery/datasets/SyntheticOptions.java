package dev.distillery.datasets;

import dev.distillery.spi.UserException;

/**
 * Options of the {@code synthetic} dataset.
 *
 * @param classes number of classes (default 10)
 * @param trainSize number of training images (default 512)
 * @param testSize number of test images (default 128)
 * @param channels channels per image (default 1)
 * @param size side of the square images (default 32)
 * @param noise standard deviation of the Gaussian noise added to each pixel; the class patterns
 *     have standard deviation 1 (default 0.5)
 * @param seed seed of the generated data; when absent the pipeline seed is used, so set it to keep
 *     the data fixed while the pipeline seed varies
 */
public record SyntheticOptions(
    Integer classes,
    Integer trainSize,
    Integer testSize,
    Integer channels,
    Integer size,
    Double noise,
    Long seed) {

  public static final int DEFAULT_CLASSES = 10;
  public static final int DEFAULT_TRAIN_SIZE = 512;
  public static final int DEFAULT_TEST_SIZE = 128;
  public static final int DEFAULT_CHANNELS = 1;
  public static final int DEFAULT_SIZE = 32;
  public static final double DEFAULT_NOISE = 0.5;

  public SyntheticOptions {
    classes = classes == null ? DEFAULT_CLASSES : classes;
    trainSize = trainSize == null ? DEFAULT_TRAIN_SIZE : trainSize;
    testSize = testSize == null ? DEFAULT_TEST_SIZE : testSize;
    channels = channels == null ? DEFAULT_CHANNELS : channels;
    size = size == null ? DEFAULT_SIZE : size;
    noise = noise == null ? DEFAULT_NOISE : noise;
    check("classes", classes, 2, 1000, "classes: 10");
    check("train-size", trainSize, 1, Integer.MAX_VALUE, "train-size: 512");
    check("test-size", testSize, 1, Integer.MAX_VALUE, "test-size: 128");
    check("channels", channels, 1, 64, "channels: 3");
    check("size", size, 4, 1024, "size: 32");
    if (!(noise >= 0 && noise <= 100)) {
      throw new UserException(
          "synthetic dataset option noise is "
              + noise
              + "; it must be a standard deviation between 0 and 100, e.g. noise: 0.5");
    }
    long imageSize = (long) channels * size * size;
    long largest = Math.max(trainSize, testSize) * imageSize;
    if (largest > Integer.MAX_VALUE - 8) {
      throw new UserException(
          "synthetic dataset of "
              + Math.max(trainSize, testSize)
              + " images of "
              + channels
              + "x"
              + size
              + "x"
              + size
              + " needs "
              + largest
              + " values in one split, more than a Java array holds; lower train-size, test-size,"
              + " channels or size");
    }
  }

  /** The defaults: 10 classes, 512/128 images of 1x32x32, noise 0.5, the pipeline seed. */
  public static SyntheticOptions defaults() {
    return new SyntheticOptions(null, null, null, null, null, null, null);
  }

  private static void check(String name, int value, int min, int max, String example) {
    if (value < min || value > max) {
      throw new UserException(
          "synthetic dataset option "
              + name
              + " is "
              + value
              + "; it must be between "
              + min
              + " and "
              + max
              + ", e.g. "
              + example);
    }
  }
}
