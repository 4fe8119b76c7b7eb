package dev.distillery.spi;

/**
 * An exported file opened in its format's runtime (e.g. ONNX Runtime), giving the logits of
 * model-ready images. Not thread-safe; close it to free the runtime's memory.
 */
public interface ExportedModelRunner extends AutoCloseable {

  /** The runtime and its version, e.g. {@code ONNX Runtime 1.21.1}. */
  String runtime();

  /**
   * The logits of {@code count} images.
   *
   * @param images {@code count × C × H × W} values, row-major, normalised as the dataset gives them
   * @return {@code count × classes} logits, row-major
   */
  float[] logits(float[] images, int count);

  @Override
  void close();
}
