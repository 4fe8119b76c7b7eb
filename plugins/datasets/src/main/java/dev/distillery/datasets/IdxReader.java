package dev.distillery.datasets;

import dev.distillery.spi.UserException;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files of unsigned bytes, the format of MNIST and Fashion-MNIST: {@code idx3-ubyte}
 * images and {@code idx1-ubyte} labels, plain or gzip-compressed. Compression is detected from the
 * gzip magic bytes ({@code 1f 8b}), not from the file name.
 *
 * <p>The header is checked (magic number, data type, number of dimensions, sizes) and the data
 * length must match it exactly; every problem is a {@link UserException} that names the file and
 * says what is wrong with it.
 */
public final class IdxReader {

  /** Magic number of an IDX file of unsigned bytes with three dimensions (images). */
  public static final int IMAGES_MAGIC = 0x00000803;

  /** Magic number of an IDX file of unsigned bytes with one dimension (labels). */
  public static final int LABELS_MAGIC = 0x00000801;

  private static final int UNSIGNED_BYTE = 0x08;
  private static final int BUFFER_SIZE = 1 << 16;

  private IdxReader() {}

  /** Reads an {@code idx3-ubyte} image file. */
  public static IdxImages readImages(Path file) throws IOException {
    return parseImages(file, Files.readAllBytes(file));
  }

  /** Reads an {@code idx1-ubyte} label file; the labels are unsigned bytes (0 to 255). */
  public static byte[] readLabels(Path file) throws IOException {
    return parseLabels(file, Files.readAllBytes(file));
  }

  /** True when the bytes start with the gzip magic number. */
  static boolean isGzip(byte[] fileBytes) {
    return fileBytes.length >= 2 && fileBytes[0] == (byte) 0x1f && fileBytes[1] == (byte) 0x8b;
  }

  /** Parses the bytes of an image file (as stored on disk, possibly gzip-compressed). */
  static IdxImages parseImages(Path file, byte[] fileBytes) {
    try (InputStream in = open(fileBytes)) {
      int[] dims =
          readHeader(file, in, 3, "images (count x rows x columns)", "an idx3-ubyte image");
      int count = dims[0];
      int rows = dims[1];
      int columns = dims[2];
      if (rows == 0 || columns == 0) {
        throw new UserException(
            "IDX image file '"
                + file
                + "' declares images of "
                + rows
                + "x"
                + columns
                + " pixels; rows and columns must be positive. The file is damaged: download it"
                + " again");
      }
      long length = (long) count * rows * columns;
      if (length > Integer.MAX_VALUE - 8) {
        throw new UserException(
            "IDX image file '"
                + file
                + "' declares "
                + count
                + " images of "
                + rows
                + "x"
                + columns
                + " pixels ("
                + length
                + " bytes), more than one Java array holds; split the file");
      }
      String what = count + " images of " + rows + "x" + columns + " pixels";
      byte[] pixels = readBody(file, in, (int) length, what);
      return new IdxImages(count, rows, columns, pixels);
    } catch (IOException e) {
      throw damaged(file, e);
    }
  }

  /** Parses the bytes of a label file (as stored on disk, possibly gzip-compressed). */
  static byte[] parseLabels(Path file, byte[] fileBytes) {
    try (InputStream in = open(fileBytes)) {
      int[] dims = readHeader(file, in, 1, "labels (count)", "an idx1-ubyte label");
      return readBody(file, in, dims[0], dims[0] + " labels");
    } catch (IOException e) {
      throw damaged(file, e);
    }
  }

  private static InputStream open(byte[] fileBytes) throws IOException {
    InputStream raw = new ByteArrayInputStream(fileBytes);
    return isGzip(fileBytes) ? new GZIPInputStream(raw, BUFFER_SIZE) : raw;
  }

  private static int[] readHeader(
      Path file, InputStream in, int dimensions, String layout, String kind) throws IOException {
    byte[] header = new byte[4 + 4 * dimensions];
    int read = in.readNBytes(header, 0, header.length);
    if (read < 4) {
      throw new UserException(
          "IDX file '"
              + file
              + "' is truncated: it holds "
              + read
              + " bytes, not even the 4-byte magic number. Download the file again");
    }
    int magic = intAt(header, 0);
    int expectedMagic = UNSIGNED_BYTE << 8 | dimensions;
    if (magic != expectedMagic) {
      String found = String.format("0x%08x", magic);
      String reason;
      if ((magic >>> 16) != 0) {
        reason = "it is not an IDX file (an IDX file starts with two zero bytes)";
      } else if ((magic >>> 8 & 0xff) != UNSIGNED_BYTE) {
        reason =
            String.format(
                "it holds data of type 0x%02x; only unsigned bytes (0x08) are supported",
                magic >>> 8 & 0xff);
      } else {
        reason =
            "it has "
                + (magic & 0xff)
                + " dimensions where "
                + kind
                + " file has "
                + dimensions
                + " ("
                + layout
                + "); are the image and label files swapped?";
      }
      throw new UserException(
          "IDX file '"
              + file
              + "' has magic number "
              + found
              + String.format(", expected 0x%08x for %s file: ", expectedMagic, kind)
              + reason);
    }
    if (read < header.length) {
      throw new UserException(
          "IDX file '"
              + file
              + "' is truncated inside its header ("
              + read
              + " of "
              + header.length
              + " bytes). Download the file again");
    }
    int[] dims = new int[dimensions];
    for (int i = 0; i < dimensions; i++) {
      dims[i] = intAt(header, 4 + 4 * i);
      if (dims[i] < 0) {
        throw new UserException(
            "IDX file '"
                + file
                + "' declares a negative size "
                + dims[i]
                + " in dimension "
                + (i + 1)
                + " of "
                + layout
                + "; the file is damaged. Download it again");
      }
    }
    return dims;
  }

  private static byte[] readBody(Path file, InputStream in, int length, String what)
      throws IOException {
    byte[] body = new byte[length];
    int read = in.readNBytes(body, 0, length);
    if (read < length) {
      throw new UserException(
          "IDX file '"
              + file
              + "' is truncated: its header declares "
              + what
              + " ("
              + length
              + " data bytes) but only "
              + read
              + " follow. The file is incomplete: download it again (or reinstall its package)");
    }
    if (in.read() != -1) {
      throw new UserException(
          "IDX file '"
              + file
              + "' has data after the "
              + what
              + " its header declares; the header or the file is damaged. Download it again");
    }
    return body;
  }

  private static UserException damaged(Path file, IOException e) {
    String detail =
        e instanceof EOFException || e instanceof ZipException
            ? "is truncated or damaged: its gzip stream ends early or is corrupt ("
                + e.getMessage()
                + ")"
            : "cannot be read: " + e;
    return new UserException("IDX file '" + file + "' " + detail + ". Download the file again", e);
  }

  private static int intAt(byte[] bytes, int offset) {
    return (bytes[offset] & 0xff) << 24
        | (bytes[offset + 1] & 0xff) << 16
        | (bytes[offset + 2] & 0xff) << 8
        | (bytes[offset + 3] & 0xff);
  }
}
