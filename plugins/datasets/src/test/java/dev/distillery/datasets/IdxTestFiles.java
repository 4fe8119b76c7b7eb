package dev.distillery.datasets;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes tiny IDX files for tests. */
final class IdxTestFiles {

  private IdxTestFiles() {}

  /** The bytes of an idx3-ubyte file of {@code count} images of rows x columns. */
  static byte[] images(int count, int rows, int columns, byte[] pixels) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(IdxReader.IMAGES_MAGIC);
    out.writeInt(count);
    out.writeInt(rows);
    out.writeInt(columns);
    out.write(pixels);
    return bytes.toByteArray();
  }

  /** The bytes of an idx1-ubyte file of labels. */
  static byte[] labels(byte[] labels) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(IdxReader.LABELS_MAGIC);
    out.writeInt(labels.length);
    out.write(labels);
    return bytes.toByteArray();
  }

  static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(content);
    }
    return bytes.toByteArray();
  }

  static Path write(Path file, byte[] content) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.write(file, content);
  }

  /**
   * Writes the four gzip files of a tiny 28x28 dataset into {@code dir}: {@code train} training and
   * {@code test} test images whose first pixel is 255 and all others 0, labels i % 10, except that
   * the first training label is {@code firstLabel}.
   */
  static void writeDataset(Path dir, int train, int test, int firstLabel) throws IOException {
    writeSplit(dir, "train", train, firstLabel);
    writeSplit(dir, "t10k", test, 0);
  }

  private static void writeSplit(Path dir, String prefix, int count, int firstLabel)
      throws IOException {
    byte[] pixels = new byte[count * 28 * 28];
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      pixels[i * 28 * 28] = (byte) 255;
      labels[i] = (byte) (i % 10);
    }
    labels[0] = (byte) firstLabel;
    write(dir.resolve(prefix + "-images-idx3-ubyte.gz"), gzip(images(count, 28, 28, pixels)));
    write(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), gzip(labels(labels)));
  }
}
