package dev.distillery.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.spi.DatasetRequest;
import dev.distillery.spi.DatasetSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files are searched in {@code <dir>/<id>/} before {@code <dir>/}, directory by directory in
 * search-path order; a place with only some of the files is passed over.
 */
class IdxSearchPathTest {

  @TempDir Path root;

  private static int firstTrainLabel(Path... searchPath) throws Exception {
    DatasetSource source =
        new MnistDataset()
            .open(IdxDatasetOptions.defaults(), new DatasetRequest(List.of(searchPath), 1));
    return source.train().labels()[0];
  }

  @Test
  void idFolderBeforeDirectoryItself() throws Exception {
    IdxTestFiles.writeDataset(root, 4, 2, 1);
    IdxTestFiles.writeDataset(root.resolve("mnist"), 4, 2, 2);

    assertThat(firstTrainLabel(root)).isEqualTo(2);
  }

  @Test
  void directoryItselfWhenIdFolderIsIncomplete() throws Exception {
    IdxTestFiles.writeDataset(root, 4, 2, 1);
    IdxTestFiles.writeDataset(root.resolve("mnist"), 4, 2, 2);
    Files.delete(root.resolve("mnist/t10k-labels-idx1-ubyte.gz"));

    assertThat(firstTrainLabel(root)).isEqualTo(1);
  }

  @Test
  void earlierSearchDirectoryWins() throws Exception {
    Path first = root.resolve("first");
    Path second = root.resolve("second");
    IdxTestFiles.writeDataset(first, 4, 2, 3);
    IdxTestFiles.writeDataset(second.resolve("mnist"), 4, 2, 4);

    assertThat(firstTrainLabel(first, second)).isEqualTo(3);
    assertThat(firstTrainLabel(root.resolve("missing"), second)).isEqualTo(4);
  }
}
