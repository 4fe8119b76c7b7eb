package dev.distillery.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.distillery.spi.DatasetRequest;
import dev.distillery.spi.DatasetSource;
import dev.distillery.spi.ImageSplit;
import dev.distillery.spi.ModelInput;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pixels become {@code (x/255 - mean)/std}; padding is added after normalisation, so the border is
 * 0 and the image sits in the middle.
 */
class NormalisationAndPaddingTest {

  @TempDir Path dir;

  private DatasetSource open(IdxDatasetOptions options) throws Exception {
    // 28x28 images whose pixel (0, 0) is 255 and all others 0
    IdxTestFiles.writeDataset(dir, 3, 2, 1);
    return new FashionMnistDataset().open(options, new DatasetRequest(List.of(dir), 1));
  }

  private static float at(ImageSplit split, int image, int row, int column) {
    return split.toArray()[image * split.imageSize() + row * split.width() + column];
  }

  @Test
  void normalisedAndPaddedTo32ByDefault() throws Exception {
    DatasetSource source = open(IdxDatasetOptions.defaults());
    float mean = 0.2860f;
    float std = 0.3530f;

    assertThat(source.input()).isEqualTo(new ModelInput(1, 32, 32, 10));
    ImageSplit test = source.test();
    assertThat(test.count()).isEqualTo(2);
    assertThat(at(test, 1, 2, 2)).isCloseTo((1 - mean) / std, within(1e-6f));
    assertThat(at(test, 1, 2, 3)).isCloseTo(-mean / std, within(1e-6f));
    assertThat(at(test, 1, 29, 29)).isCloseTo(-mean / std, within(1e-6f));
    for (int i = 0; i < 32; i++) {
      for (int border : new int[] {0, 1, 30, 31}) {
        assertThat(at(test, 1, border, i)).isZero();
        assertThat(at(test, 1, i, border)).isZero();
      }
    }
  }

  @Test
  void scaledOnlyWithoutNormalisationAndUnpaddedAt28() throws Exception {
    DatasetSource source = open(new IdxDatasetOptions(28, false));

    assertThat(source.input()).isEqualTo(new ModelInput(1, 28, 28, 10));
    ImageSplit train = source.train();
    assertThat(at(train, 2, 0, 0)).isEqualTo(1f);
    assertThat(at(train, 2, 0, 1)).isZero();
    assertThat(at(train, 2, 27, 27)).isZero();
  }

  @Test
  void oddPaddingPutsTheExtraRowBelowAndRight() throws Exception {
    DatasetSource source = open(new IdxDatasetOptions(31, false));

    assertThat(at(source.train(), 0, 1, 1)).isEqualTo(1f);
    assertThat(at(source.train(), 0, 0, 0)).isZero();
  }
}
