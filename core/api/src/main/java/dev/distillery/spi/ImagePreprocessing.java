package dev.distillery.spi;

import dev.distillery.images.ImageDecoding;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * How a dataset turns an image file into model input, recorded with a run so that a trained model
 * can be served on new image files exactly as it was trained: decode, bring to {@code contentHeight
 * x contentWidth} (resize the shorter side and centre-crop, as {@code image-folder} does; grey or
 * RGB by {@code channels}), round to 8 bits, standardise {@code (x/255 - mean) / std} per channel,
 * then zero-pad symmetrically to {@code height x width} (the IDX datasets pad 28x28 to 32x32 after
 * normalising; an extra row or column goes bottom or right).
 *
 * @param channels 1 (grey) or 3 (RGB)
 * @param contentHeight image height before padding
 * @param contentWidth image width before padding
 * @param height model input height
 * @param width model input width
 * @param mean per-channel mean of {@code x/255}
 * @param std per-channel standard deviation of {@code x/255}
 */
public record ImagePreprocessing(
    int channels,
    int contentHeight,
    int contentWidth,
    int height,
    int width,
    List<Double> mean,
    List<Double> std) {

  public ImagePreprocessing {
    mean = List.copyOf(mean);
    std = List.copyOf(std);
    if (channels <= 0 || mean.size() != channels || std.size() != channels) {
      throw new IllegalArgumentException(
          "preprocessing needs one mean and std per channel, got "
              + channels
              + " channels, mean "
              + mean
              + ", std "
              + std);
    }
    if (contentHeight <= 0 || contentWidth <= 0 || contentHeight > height || contentWidth > width) {
      throw new IllegalArgumentException(
          "preprocessing content "
              + contentHeight
              + "x"
              + contentWidth
              + " must fit the input "
              + height
              + "x"
              + width);
    }
  }

  /** Preprocessing without padding. */
  public static ImagePreprocessing of(
      int channels, int height, int width, double[] mean, double[] std) {
    return new ImagePreprocessing(
        channels,
        height,
        width,
        height,
        width,
        Arrays.stream(mean).boxed().toList(),
        Arrays.stream(std).boxed().toList());
  }

  /** Values per prepared image. */
  public int imageSize() {
    return channels * height * width;
  }

  /**
   * An encoded image file's bytes (PNG, JPEG, BMP, GIF) as model input: {@code channels x height x
   * width} floats, CHW.
   *
   * @throws UserException if the bytes are not an image the JDK's Image I/O reads
   */
  public float[] prepare(byte[] encodedImage, String name) {
    byte[] pixels;
    try {
      pixels = ImageDecoding.decode(encodedImage, channels, contentHeight, contentWidth);
    } catch (IOException e) {
      throw new UserException("'" + name + "' cannot be decoded as an image: " + e.getMessage(), e);
    }
    if (pixels == null) {
      throw new UserException("'" + name + "' is not an image this reads (PNG, JPEG, BMP or GIF)");
    }
    float[] out = new float[imageSize()];
    int top = (height - contentHeight) / 2;
    int left = (width - contentWidth) / 2;
    for (int c = 0; c < channels; c++) {
      float scale = (float) (1.0 / (255.0 * std.get(c)));
      float shift = (float) (-mean.get(c) / std.get(c));
      for (int y = 0; y < contentHeight; y++) {
        for (int x = 0; x < contentWidth; x++) {
          int value = pixels[(c * contentHeight + y) * contentWidth + x] & 0xFF;
          out[(c * height + top + y) * width + left + x] = value * scale + shift;
        }
      }
    }
    return out;
  }
}
