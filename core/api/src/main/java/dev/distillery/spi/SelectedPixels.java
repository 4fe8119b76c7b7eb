package dev.distillery.spi;

import java.util.Objects;

/** A view of chosen images of other pixels, in a given order: no pixel is copied. */
final class SelectedPixels implements ImagePixels {

  private final ImagePixels base;
  private final int[] indices;

  private SelectedPixels(ImagePixels base, int[] indices) {
    this.base = base;
    this.indices = indices;
  }

  /** The images of {@code base} at {@code indices}; a view of a view reads the base directly. */
  static ImagePixels of(ImagePixels base, int[] indices) {
    Objects.requireNonNull(indices, "indices is null");
    for (int i = 0; i < indices.length; i++) {
      Objects.checkIndex(indices[i], base.count());
    }
    if (base instanceof SelectedPixels view) {
      int[] composed = new int[indices.length];
      for (int i = 0; i < indices.length; i++) {
        composed[i] = view.indices[indices[i]];
      }
      return new SelectedPixels(view.base, composed);
    }
    return new SelectedPixels(base, indices.clone());
  }

  @Override
  public int count() {
    return indices.length;
  }

  @Override
  public int imageSize() {
    return base.imageSize();
  }

  @Override
  public void copy(int from, int to, float[] destination, int offset) {
    Objects.checkFromToIndex(from, to, count());
    int size = base.imageSize();
    int i = from;
    while (i < to) {
      // Runs of consecutive base images are copied in one call (a limit() is one run).
      int start = indices[i];
      int end = i + 1;
      while (end < to && indices[end] == indices[end - 1] + 1) {
        end++;
      }
      base.copy(start, start + (end - i), destination, offset + (i - from) * size);
      i = end;
    }
  }

  @Override
  public long heapBytes() {
    return (long) indices.length * Integer.BYTES;
  }
}
