package dev.distillery.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.spi.DatasetRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fingerprint is stable for the same files and options and changes with either. */
class IdxFingerprintTest {

  @TempDir Path dir;

  private String fingerprint(IdxDatasetOptions options) throws Exception {
    return new MnistDataset().open(options, new DatasetRequest(List.of(dir), 1)).fingerprint();
  }

  @Test
  void changesWithFilesAndOptionsOnly() throws Exception {
    IdxTestFiles.writeDataset(dir, 4, 2, 1);
    String first = fingerprint(IdxDatasetOptions.defaults());

    assertThat(first).matches("[0-9a-f]{16}");
    assertThat(fingerprint(IdxDatasetOptions.defaults())).isEqualTo(first);
    assertThat(fingerprint(new IdxDatasetOptions(28, true))).isNotEqualTo(first);
    assertThat(fingerprint(new IdxDatasetOptions(32, false))).isNotEqualTo(first);

    IdxTestFiles.writeDataset(dir, 4, 2, 5);
    assertThat(fingerprint(IdxDatasetOptions.defaults())).isNotEqualTo(first);
  }
}
