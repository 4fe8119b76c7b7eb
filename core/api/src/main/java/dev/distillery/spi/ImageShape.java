package dev.distillery.spi;

/** The shape of one image: channels, height and width. */
public record ImageShape(int channels, int height, int width) {

  public ImageShape {
    if (channels <= 0 || height <= 0 || width <= 0) {
      throw new IllegalArgumentException(
          "an image needs positive channels, height and width, got " + this);
    }
  }

  /** The image shape of a model input. */
  public static ImageShape of(ModelInput input) {
    return new ImageShape(input.channels(), input.height(), input.width());
  }

  /** Values per image. */
  public int size() {
    return channels * height * width;
  }

  @Override
  public String toString() {
    return channels + "x" + height + "x" + width;
  }
}
