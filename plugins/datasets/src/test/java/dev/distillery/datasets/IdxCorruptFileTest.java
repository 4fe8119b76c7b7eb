package dev.distillery.datasets;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.spi.UserException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged IDX files fail with a message that names the file and what is wrong. */
class IdxCorruptFileTest {

  @TempDir Path dir;

  private byte[] validImages() throws Exception {
    return IdxTestFiles.images(4, 3, 3, new byte[4 * 9]);
  }

  @Test
  void truncatedPixelData() throws Exception {
    byte[] valid = validImages();
    Path file = IdxTestFiles.write(dir.resolve("cut"), Arrays.copyOf(valid, valid.length - 5));

    assertThatThrownBy(() -> IdxReader.readImages(file))
        .isInstanceOf(UserException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("truncated")
        .hasMessageContaining("4 images of 3x3 pixels")
        .hasMessageContaining("only 31 follow");
  }

  @Test
  void truncatedGzipStream() throws Exception {
    byte[] gzip = IdxTestFiles.gzip(validImages());
    Path file = IdxTestFiles.write(dir.resolve("cut.gz"), Arrays.copyOf(gzip, gzip.length - 12));

    assertThatThrownBy(() -> IdxReader.readImages(file))
        .isInstanceOf(UserException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("truncated or damaged")
        .hasMessageContaining("gzip");
  }

  @Test
  void truncatedHeader() throws Exception {
    Path file = IdxTestFiles.write(dir.resolve("short"), Arrays.copyOf(validImages(), 10));

    assertThatThrownBy(() -> IdxReader.readImages(file))
        .isInstanceOf(UserException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("truncated inside its header (10 of 16 bytes)");
  }

  @Test
  void labelFileGivenAsImages() throws Exception {
    Path file = IdxTestFiles.write(dir.resolve("labels"), IdxTestFiles.labels(new byte[] {1, 2}));

    assertThatThrownBy(() -> IdxReader.readImages(file))
        .isInstanceOf(UserException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("magic number 0x00000801, expected 0x00000803")
        .hasMessageContaining("1 dimensions");
  }

  @Test
  void notAnIdxFile() throws Exception {
    Path file = IdxTestFiles.write(dir.resolve("text"), "hello, world".getBytes());

    assertThatThrownBy(() -> IdxReader.readLabels(file))
        .isInstanceOf(UserException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not an IDX file");
  }

  @Test
  void wrongDataType() throws Exception {
    byte[] floats = validImages();
    floats[2] = 0x0d;
    Path file = IdxTestFiles.write(dir.resolve("floats"), floats);

    assertThatThrownBy(() -> IdxReader.readImages(file))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("data of type 0x0d")
        .hasMessageContaining("only unsigned bytes");
  }

  @Test
  void extraBytesAfterData() throws Exception {
    byte[] valid = validImages();
    Path file = IdxTestFiles.write(dir.resolve("long"), Arrays.copyOf(valid, valid.length + 1));

    assertThatThrownBy(() -> IdxReader.readImages(file))
        .isInstanceOf(UserException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("has data after the 4 images of 3x3 pixels");
  }
}
