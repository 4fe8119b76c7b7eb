package dev.distillery.datasets;

import java.util.Objects;

/**
 * The content of an IDX image file ({@code idx3-ubyte}): {@code count} grey images of {@code rows x
 * columns} unsigned bytes, row-major, one after the other.
 *
 * @param count number of images
 * @param rows image height
 * @param columns image width
 * @param pixels {@code count * rows * columns} raw pixel bytes (read them with {@code & 0xff})
 */
public record IdxImages(int count, int rows, int columns, byte[] pixels) {

  public IdxImages {
    Objects.requireNonNull(pixels, "pixels is null");
    if ((long) count * rows * columns != pixels.length) {
      throw new IllegalArgumentException(
          pixels.length + " pixel bytes for " + count + " images of " + rows + "x" + columns);
    }
  }

  /** Bytes per image. */
  public int imageSize() {
    return rows * columns;
  }
}
