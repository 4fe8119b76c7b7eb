package dev.distillery.datasets;

import dev.distillery.spi.DatasetPlugin;
import dev.distillery.spi.DatasetRequest;
import dev.distillery.spi.DatasetSource;
import dev.distillery.spi.ImageSplit;
import dev.distillery.spi.ModelInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Generated images for tests and demos, learnable by a small CNN in a few epochs. Each class has a
 * fixed random smooth pattern per channel (Gaussian values on a coarse 4x4 grid, bilinearly
 * upsampled and standardised to mean 0 and standard deviation 1); an image is its class pattern
 * plus Gaussian pixel noise of standard deviation {@code noise}. Classes are balanced and shuffled.
 *
 * <p>The data depends only on the options and the seed (the {@code seed} option, else the pipeline
 * seed): the same seed gives identical values, another seed other data. The test split does not
 * depend on {@code train-size}.
 *
 * <pre>{@code
 * dataset:
 *   name: synthetic
 *   options: {classes: 10, train-size: 512, test-size: 128, noise: 0.5}
 * }</pre>
 */
public final class SyntheticDataset implements DatasetPlugin<SyntheticOptions> {

  public static final String ID = "synthetic";

  /** Cells per side of the coarse grid a class pattern is drawn on. */
  private static final int GRID = 4;

  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String description() {
    return "Seeded generated images (smooth class patterns plus noise) for tests; tiny by default";
  }

  @Override
  public Class<SyntheticOptions> optionsType() {
    return SyntheticOptions.class;
  }

  @Override
  public DatasetSource open(SyntheticOptions options, DatasetRequest request) {
    Objects.requireNonNull(options, "options is null");
    Objects.requireNonNull(request, "request is null");
    long seed = options.seed() != null ? options.seed() : request.seed();
    int classes = options.classes();
    int channels = options.channels();
    int size = options.size();
    float[][] patterns = patterns(new Random(stream(seed, 1)), classes, channels, size);
    ImageSplit train =
        sample(new Random(stream(seed, 2)), patterns, options.trainSize(), options, channels);
    ImageSplit test =
        sample(new Random(stream(seed, 3)), patterns, options.testSize(), options, channels);
    List<String> names = new ArrayList<>(classes);
    for (int c = 0; c < classes; c++) {
      names.add("class-" + c);
    }
    String fingerprint =
        Sha256.fingerprint(
            String.join(
                "|",
                "synthetic-v1",
                "classes=" + classes,
                "train-size=" + options.trainSize(),
                "test-size=" + options.testSize(),
                "channels=" + channels,
                "size=" + size,
                "noise=" + options.noise(),
                "seed=" + seed));
    return new DatasetSource(
        ID, new ModelInput(channels, size, size, classes), names, train, test, fingerprint);
  }

  /** A seed for one of the independent random streams derived from the data seed. */
  private static long stream(long seed, int index) {
    return seed * GOLDEN_GAMMA + index * 0xBF58476D1CE4E5B9L;
  }

  /** One standardised smooth pattern of {@code channels x size x size} per class. */
  private static float[][] patterns(Random random, int classes, int channels, int size) {
    float[][] patterns = new float[classes][channels * size * size];
    double[] grid = new double[GRID * GRID];
    for (int c = 0; c < classes; c++) {
      for (int ch = 0; ch < channels; ch++) {
        for (int i = 0; i < grid.length; i++) {
          grid[i] = random.nextGaussian();
        }
        int offset = ch * size * size;
        double sum = 0;
        double sumSquares = 0;
        double[] plane = new double[size * size];
        for (int y = 0; y < size; y++) {
          double gy = (y + 0.5) * (GRID - 1) / size;
          int y0 = (int) gy;
          double fy = gy - y0;
          int y1 = Math.min(y0 + 1, GRID - 1);
          for (int x = 0; x < size; x++) {
            double gx = (x + 0.5) * (GRID - 1) / size;
            int x0 = (int) gx;
            double fx = gx - x0;
            int x1 = Math.min(x0 + 1, GRID - 1);
            double top = grid[y0 * GRID + x0] * (1 - fx) + grid[y0 * GRID + x1] * fx;
            double bottom = grid[y1 * GRID + x0] * (1 - fx) + grid[y1 * GRID + x1] * fx;
            double value = top * (1 - fy) + bottom * fy;
            plane[y * size + x] = value;
            sum += value;
            sumSquares += value * value;
          }
        }
        int n = size * size;
        double mean = sum / n;
        double std = Math.sqrt(Math.max(sumSquares / n - mean * mean, 1e-12));
        for (int i = 0; i < n; i++) {
          patterns[c][offset + i] = (float) ((plane[i] - mean) / std);
        }
      }
    }
    return patterns;
  }

  /** {@code count} images, classes balanced then shuffled, each its pattern plus noise. */
  private static ImageSplit sample(
      Random random, float[][] patterns, int count, SyntheticOptions options, int channels) {
    int classes = patterns.length;
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = i % classes;
    }
    for (int i = count - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = labels[i];
      labels[i] = labels[j];
      labels[j] = swap;
    }
    int imageSize = patterns[0].length;
    float noise = options.noise().floatValue();
    float[] images = new float[count * imageSize];
    for (int i = 0; i < count; i++) {
      float[] pattern = patterns[labels[i]];
      int offset = i * imageSize;
      for (int p = 0; p < imageSize; p++) {
        images[offset + p] = pattern[p] + noise * (float) random.nextGaussian();
      }
    }
    return new ImageSplit(images, labels, channels, options.size(), options.size());
  }
}
