package dev.distillery.spi;

/**
 * Where the pixels of a split live: the model-ready values (normalised, at the model's input size,
 * float32 in CHW order) of {@link #count()} images, read by copying ranges out. A heap array for
 * small datasets ({@link ImageSplit#ImageSplit(float[], int[], int, int, int)}); a dataset whose
 * images do not fit the heap keeps them on disk and converts them when a batch is copied (the
 * {@code image-folder} dataset's decoded-image cache).
 *
 * <p>Implementations are read-only after construction and safe to read from several threads.
 */
public interface ImagePixels {

  /** Images held. */
  int count();

  /** Values per image ({@code channels * height * width}). */
  int imageSize();

  /**
   * Copies images {@code from} (inclusive) to {@code to} (exclusive), one after the other, into
   * {@code destination} starting at {@code offset}.
   *
   * @throws IndexOutOfBoundsException if the range is outside {@code 0..count()} or does not fit
   */
  void copy(int from, int to, float[] destination, int offset);

  /**
   * The images at {@code indices}, in that order. By default a view that copies nothing; heap
   * storage copies, so the unselected images can be collected.
   */
  default ImagePixels select(int[] indices) {
    return SelectedPixels.of(this, indices);
  }

  /** Bytes of heap this storage holds (0 for a view or a disk-backed store's pixels). */
  long heapBytes();
}
