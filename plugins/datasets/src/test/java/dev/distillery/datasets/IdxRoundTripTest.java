package dev.distillery.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** IDX files written plain or gzip-compressed read back exactly, whatever their names say. */
class IdxRoundTripTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "gzip={0}, file name {1}")
  @CsvSource({
    "false, images-idx3-ubyte",
    "true, images-idx3-ubyte.gz",
    "true, gzip-without-suffix",
    "false, plain-named.gz"
  })
  void readsImagesAndLabels(boolean gzip, String name) throws Exception {
    byte[] pixels = new byte[3 * 2 * 4];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 11);
    }
    byte[] labels = {7, 0, (byte) 200};
    byte[] imageFile = IdxTestFiles.images(3, 2, 4, pixels);
    byte[] labelFile = IdxTestFiles.labels(labels);
    Path images =
        IdxTestFiles.write(dir.resolve(name), gzip ? IdxTestFiles.gzip(imageFile) : imageFile);
    Path labelPath =
        IdxTestFiles.write(
            dir.resolve("labels-" + name), gzip ? IdxTestFiles.gzip(labelFile) : labelFile);

    IdxImages read = IdxReader.readImages(images);

    assertThat(read.count()).isEqualTo(3);
    assertThat(read.rows()).isEqualTo(2);
    assertThat(read.columns()).isEqualTo(4);
    assertThat(read.pixels()).containsExactly(pixels);
    assertThat(read.pixels()[23] & 0xff).isEqualTo(253);
    assertThat(IdxReader.readLabels(labelPath)).containsExactly(labels);
  }
}
