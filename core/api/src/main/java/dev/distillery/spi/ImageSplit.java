package dev.distillery.spi;

import java.util.Arrays;
import java.util.Objects;

/**
 * The images of one split, model-ready (normalised, float32 in CHW order), and their labels. The
 * pixels may live in the heap or on disk ({@link ImagePixels}); read them with {@link #copyImages}.
 *
 * @param pixels the images' values
 * @param labels {@code count} class indices
 * @param channels channels per image
 * @param height image height
 * @param width image width
 */
public record ImageSplit(ImagePixels pixels, int[] labels, int channels, int height, int width) {

  public ImageSplit {
    Objects.requireNonNull(pixels, "pixels is null");
    Objects.requireNonNull(labels, "labels is null");
    if (pixels.count() != labels.length
        || (long) pixels.imageSize() != (long) channels * height * width) {
      throw new IllegalArgumentException(
          "split holds "
              + pixels.count()
              + " images of "
              + pixels.imageSize()
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

  /**
   * A split held in one heap array.
   *
   * @param images {@code count * channels * height * width} values
   */
  public ImageSplit(float[] images, int[] labels, int channels, int height, int width) {
    this(heap(images, labels, channels, height, width), labels, channels, height, width);
  }

  private static ImagePixels heap(
      float[] images, int[] labels, int channels, int height, int width) {
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
    return new HeapPixels(images, Math.max(1, channels * height * width));
  }

  public int count() {
    return labels.length;
  }

  public int imageSize() {
    return channels * height * width;
  }

  public ImageShape shape() {
    return new ImageShape(channels, height, width);
  }

  /**
   * Copies images {@code from} to {@code to} (exclusive) into {@code destination} at {@code
   * offset}.
   */
  public void copyImages(int from, int to, float[] destination, int offset) {
    pixels.copy(from, to, destination, offset);
  }

  /** Images {@code from} to {@code to} (exclusive) in a new array. */
  public float[] copyImages(int from, int to) {
    float[] out = new float[Math.multiplyExact(to - from, imageSize())];
    pixels.copy(from, to, out, 0);
    return out;
  }

  /**
   * Every image in one new heap array. Only for splits known to be small (tests, generated data):
   * stages read batches with {@link #copyImages(int, int, float[], int)}.
   */
  public float[] toArray() {
    return copyImages(0, count());
  }

  /** The first {@code n} images (all of them if there are fewer). */
  public ImageSplit limit(int n) {
    if (n >= count()) {
      return this;
    }
    int[] head = new int[n];
    Arrays.setAll(head, i -> i);
    return select(head);
  }

  /** The images at the given indices, in that order. */
  public ImageSplit select(int[] indices) {
    int[] outLabels = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      outLabels[i] = labels[indices[i]];
    }
    return new ImageSplit(pixels.select(indices), outLabels, channels, height, width);
  }
}
