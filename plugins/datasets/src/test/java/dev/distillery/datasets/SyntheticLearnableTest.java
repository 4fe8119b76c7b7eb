package dev.distillery.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.spi.DatasetRequest;
import dev.distillery.spi.DatasetSource;
import dev.distillery.spi.ImageSplit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The classes of the synthetic data are separable: a nearest-class-mean classifier fitted on the
 * training split is far above chance on the test split, while the data is not trivially noise-free.
 */
class SyntheticLearnableTest {

  @Test
  void nearestClassMeanBeatsChance() {
    DatasetSource source =
        new SyntheticDataset().open(SyntheticOptions.defaults(), new DatasetRequest(List.of(), 3));
    ImageSplit train = source.train();
    ImageSplit test = source.test();
    int classes = source.input().classes();
    int size = train.imageSize();
    // toArray() copies the split: once each, not once per pixel
    float[] trainPixels = train.toArray();
    float[] testPixels = test.toArray();

    double[][] means = new double[classes][size];
    int[] counts = new int[classes];
    for (int i = 0; i < train.count(); i++) {
      counts[train.labels()[i]]++;
      for (int p = 0; p < size; p++) {
        means[train.labels()[i]][p] += trainPixels[i * size + p];
      }
    }
    int correct = 0;
    for (int i = 0; i < test.count(); i++) {
      int best = -1;
      double bestDistance = Double.MAX_VALUE;
      for (int c = 0; c < classes; c++) {
        double distance = 0;
        for (int p = 0; p < size; p++) {
          double d = testPixels[i * size + p] - means[c][p] / counts[c];
          distance += d * d;
        }
        if (distance < bestDistance) {
          bestDistance = distance;
          best = c;
        }
      }
      if (best == test.labels()[i]) {
        correct++;
      }
    }

    assertThat(correct / (double) test.count()).isGreaterThan(0.9);
    // noise is present: two images of the same class differ
    int first = train.labels()[0];
    int other = 1;
    while (train.labels()[other] != first) {
      other++;
    }
    assertThat(Math.abs(trainPixels[0] - trainPixels[other * size])).isGreaterThan(0f);
  }
}
