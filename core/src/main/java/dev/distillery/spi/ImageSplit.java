package dev.distillery.spi;

import java.util.Objects;

/**
 * Images of one split held in memory as float32 in CHW order, one after the other.
 *
 * @param images {@code count * channels * height * width} values
 * @param labels {@code count} class indices
 * @param channels channels per image
 * @param height image height
 * @param width image width
 */
public record ImageSplit(float[] images, int[] labels, int channels, int height, int width) {

  public ImageSplit {
    Objects.requireNonNull(images, "images is null");
    Objects.requireNonNull(labels, "labels is null");
    if ((long) labels.length * channels * height * width != images.length) {
      throw new IllegalArgumentException(
          "split holds "
              + images.length
              + " values, expected "
              + labels.length
              + " images of "
              + channels
              + "x"
              + height
              + "x"
              + width);
    }
  }

  public int count() {
    return labels.length;
  }

  public int imageSize() {
    return channels * height * width;
  }

  /** The first {@code n} images (all of them if there are fewer). */
  public ImageSplit limit(int n) {
    if (n >= count()) {
      return this;
    }
    float[] head = java.util.Arrays.copyOf(images, n * imageSize());
    return new ImageSplit(head, java.util.Arrays.copyOf(labels, n), channels, height, width);
  }

  /** The images at the given indices, in that order. */
  public ImageSplit select(int[] indices) {
    int size = imageSize();
    float[] out = new float[indices.length * size];
    int[] outLabels = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(images, indices[i] * size, out, i * size, size);
      outLabels[i] = labels[indices[i]];
    }
    return new ImageSplit(out, outLabels, channels, height, width);
  }
}
