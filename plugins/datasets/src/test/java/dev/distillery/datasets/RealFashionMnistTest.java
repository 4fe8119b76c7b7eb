package dev.distillery.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.distillery.spi.DatasetRequest;
import dev.distillery.spi.DatasetSource;
import dev.distillery.spi.ModelInput;
import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The real Fashion-MNIST of the Debian package {@code dataset-fashion-mnist} loads with 60,000 and
 * 10,000 images whose first labels and pixels match the files (read here independently).
 */
class RealFashionMnistTest {

  private static final Path DEBIAN = Path.of("/usr/share/datasets");

  /** Reads byte {@code offset} of a gzip file with the JDK alone. */
  private static int byteAt(Path gzipFile, long offset) throws Exception {
    try (InputStream in =
        new DataInputStream(new GZIPInputStream(Files.newInputStream(gzipFile)))) {
      in.skipNBytes(offset);
      return in.read();
    }
  }

  @Test
  void loadsTheDebianPackage() throws Exception {
    Path dir = DEBIAN.resolve("fashion-mnist");
    assertThat(dir.resolve("train-images-idx3-ubyte.gz"))
        .as(
            "this test reads the real data: `sudo apt-get install dataset-fashion-mnist`"
                + " (./distillery test installs it)")
        .isRegularFile();
    int firstTrainLabel = byteAt(dir.resolve("train-labels-idx1-ubyte.gz"), 8);
    int firstTestLabel = byteAt(dir.resolve("t10k-labels-idx1-ubyte.gz"), 8);
    // pixel (14, 14) of the first training image, after the 16-byte header
    int centrePixel = byteAt(dir.resolve("train-images-idx3-ubyte.gz"), 16 + 14 * 28 + 14);

    DatasetSource source =
        new FashionMnistDataset()
            .open(
                IdxDatasetOptions.defaults(),
                new DatasetRequest(List.of(Path.of("target/no-such-dir"), DEBIAN), 1));

    assertThat(source.input()).isEqualTo(new ModelInput(1, 32, 32, 10));
    assertThat(source.classNames()).hasSize(10).startsWith("T-shirt/top", "Trouser");
    assertThat(source.train().count()).isEqualTo(60_000);
    assertThat(source.test().count()).isEqualTo(10_000);
    assertThat(source.train().labels()[0]).isEqualTo(firstTrainLabel);
    assertThat(source.test().labels()[0]).isEqualTo(firstTestLabel);
    float expected = (centrePixel / 255f - 0.2860f) / 0.3530f;
    assertThat(source.train().toArray()[16 * 32 + 16]).isCloseTo(expected, within(1e-6f));
    assertThat(source.train().labels()).containsOnly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    String fingerprint = source.fingerprint();
    source = null;
    assertThat(
            new FashionMnistDataset()
                .open(IdxDatasetOptions.defaults(), new DatasetRequest(List.of(DEBIAN), 2))
                .fingerprint())
        .isEqualTo(fingerprint);
  }
}
