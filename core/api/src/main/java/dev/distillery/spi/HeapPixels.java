package dev.distillery.spi;

import java.util.Objects;

/** Pixels held in one heap array, images one after the other. */
final class HeapPixels implements ImagePixels {

  private final float[] values;
  private final int imageSize;

  HeapPixels(float[] values, int imageSize) {
    this.values = Objects.requireNonNull(values, "images is null");
    if (imageSize <= 0 || values.length % imageSize != 0) {
      throw new IllegalArgumentException(
          values.length + " values are not a whole number of images of " + imageSize);
    }
    this.imageSize = imageSize;
  }

  @Override
  public int count() {
    return values.length / imageSize;
  }

  @Override
  public int imageSize() {
    return imageSize;
  }

  @Override
  public void copy(int from, int to, float[] destination, int offset) {
    java.util.Objects.checkFromToIndex(from, to, count());
    System.arraycopy(values, from * imageSize, destination, offset, (to - from) * imageSize);
  }

  @Override
  public ImagePixels select(int[] indices) {
    float[] out = new float[Math.multiplyExact(indices.length, imageSize)];
    for (int i = 0; i < indices.length; i++) {
      java.util.Objects.checkIndex(indices[i], count());
      System.arraycopy(values, indices[i] * imageSize, out, i * imageSize, imageSize);
    }
    return new HeapPixels(out, imageSize);
  }

  @Override
  public long heapBytes() {
    return (long) values.length * Float.BYTES;
  }
}
