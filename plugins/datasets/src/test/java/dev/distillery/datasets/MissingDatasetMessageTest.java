package dev.distillery.datasets;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.spi.DatasetRequest;
import dev.distillery.spi.UserException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the files are nowhere, the message lists every place searched and how to fix it. */
class MissingDatasetMessageTest {

  @TempDir Path root;

  @Test
  void fashionMnistMessageListsPlacesAndAptCommand() throws Exception {
    Path empty = Files.createDirectories(root.resolve("empty"));
    Path partial = root.resolve("partial");
    IdxTestFiles.writeDataset(partial.resolve("fashion-mnist"), 2, 2, 0);
    Files.delete(partial.resolve("fashion-mnist/t10k-images-idx3-ubyte.gz"));
    Path absent = root.resolve("absent");

    assertThatThrownBy(
            () ->
                new FashionMnistDataset()
                    .open(
                        IdxDatasetOptions.defaults(),
                        new DatasetRequest(List.of(empty, partial, absent), 1)))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("dataset 'fashion-mnist' not found")
        .hasMessageContaining("train-images-idx3-ubyte[.gz]")
        .hasMessageContaining(empty.resolve("fashion-mnist") + " (no such directory)")
        .hasMessageContaining(empty + " (none of the files)")
        .hasMessageContaining(
            partial.resolve("fashion-mnist") + " (missing t10k-images-idx3-ubyte[.gz])")
        .hasMessageContaining(partial + " (none of the files)")
        .hasMessageContaining(absent.resolve("fashion-mnist") + " (no such directory)")
        .hasMessageContaining(absent + " (no such directory)")
        .hasMessageContaining("sudo apt-get install dataset-fashion-mnist")
        .hasMessageContaining("./data/fashion-mnist/")
        .hasMessageContaining("DISTILLERY_DATA")
        .hasMessageContaining("--data-dir");
  }

  @Test
  void mnistMessageSaysWhereToPutFiles() {
    assertThatThrownBy(
            () ->
                new MnistDataset()
                    .open(IdxDatasetOptions.defaults(), new DatasetRequest(List.of(root), 1)))
        .isInstanceOf(UserException.class)
        .hasMessageContaining(root.resolve("mnist") + " (no such directory)")
        .hasMessageContaining(root + " (none of the files)")
        .hasMessageContaining("./data/mnist/");
  }

  @Test
  void emptySearchPathIsSaid() {
    assertThatThrownBy(
            () ->
                new MnistDataset()
                    .open(IdxDatasetOptions.defaults(), new DatasetRequest(List.of(), 1)))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("search path is empty");
  }
}
