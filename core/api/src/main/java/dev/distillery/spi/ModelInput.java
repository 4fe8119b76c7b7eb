package dev.distillery.spi;

/** The shape of one input image and the number of classes a model is built for. */
public record ModelInput(int channels, int height, int width, int classes) {

  public ModelInput {
    if (channels <= 0 || height <= 0 || width <= 0 || classes <= 1) {
      throw new IllegalArgumentException(
          "model input must have positive channels/height/width and at least 2 classes, got "
              + this);
    }
  }

  public ai.djl.ndarray.types.Shape batchShape(long batchSize) {
    return new ai.djl.ndarray.types.Shape(batchSize, channels, height, width);
  }
}
