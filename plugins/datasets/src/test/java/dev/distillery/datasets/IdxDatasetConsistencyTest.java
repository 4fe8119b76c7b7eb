package dev.distillery.datasets;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.spi.DatasetRequest;
import dev.distillery.spi.UserException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The four files of a dataset must agree with each other and with the class count. */
class IdxDatasetConsistencyTest {

  @TempDir Path dir;

  @Test
  void labelCountMustMatchImageCount() throws Exception {
    Path data = dir.resolve("mnist");
    IdxTestFiles.writeDataset(data, 5, 3, 1);
    Path labels = data.resolve("t10k-labels-idx1-ubyte.gz");
    IdxTestFiles.write(labels, IdxTestFiles.gzip(IdxTestFiles.labels(new byte[] {1, 2})));

    assertThatThrownBy(
            () ->
                new MnistDataset()
                    .open(IdxDatasetOptions.defaults(), new DatasetRequest(List.of(dir), 1)))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("holds 3 images but '" + labels + "' holds 2 labels");
  }

  @Test
  void labelsMustBeClassIndices() throws Exception {
    IdxTestFiles.writeDataset(dir, 5, 3, 12);

    assertThatThrownBy(
            () ->
                new MnistDataset()
                    .open(IdxDatasetOptions.defaults(), new DatasetRequest(List.of(dir), 1)))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("train-labels-idx1-ubyte.gz' holds label 12 at index 0")
        .hasMessageContaining("10 classes");
  }

  @Test
  void padToSmallerThanImagesIsRejected() throws Exception {
    IdxTestFiles.writeDataset(dir, 5, 3, 1);

    assertThatThrownBy(
            () ->
                new MnistDataset()
                    .open(new IdxDatasetOptions(27, true), new DatasetRequest(List.of(dir), 1)))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("pad-to is 27 but the images are 28x28; use pad-to: 28");
  }
}
