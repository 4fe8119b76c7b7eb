package dev.distillery.images;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * Reading image files with the JDK's Image I/O (PNG, JPEG, BMP, GIF): the header (size, colour)
 * without decoding, and the pixels as 8-bit planes at a target size.
 *
 * <p>Grey from colour follows PIL's {@code convert("L")} (ITU-R 601-2 luma, {@code (19595 R + 38470
 * G + 7471 B + 2^15) >> 16}); colour from grey repeats the plane; alpha is dropped. Resizing is
 * {@link Resampling}'s antialiased bilinear filter; a different aspect is centre-cropped after the
 * shorter side is resized, like torchvision's {@code Resize(size)} then {@code CenterCrop(size)}.
 */
public final class ImageDecoding {

  private ImageDecoding() {}

  /** What an image file's header says. */
  public record Header(int width, int height, boolean colour) {}

  /** The header of an encoded image, or null when no reader recognises the bytes. */
  public static Header header(byte[] bytes) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        return null;
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        ImageTypeSpecifier type = reader.getRawImageType(0);
        boolean colour = type == null || type.getColorModel().getNumColorComponents() > 1;
        return new Header(reader.getWidth(0), reader.getHeight(0), colour);
      } finally {
        reader.dispose();
      }
    }
  }

  /**
   * Decodes an image to {@code channels} 8-bit planes of {@code height x width} (CHW, unsigned
   * values in bytes), or null when no reader recognises the bytes.
   */
  public static byte[] decode(byte[] bytes, int channels, int height, int width)
      throws IOException {
    float[] values = decodeUnrounded(bytes, channels, height, width);
    if (values == null) {
      return null;
    }
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) Math.max(0, Math.min(255, Math.round(values[i])));
    }
    return out;
  }

  /**
   * Like {@link #decode} before rounding to 8 bits: the resized, centre-cropped planes in [0, 255]
   * (CHW), or null when no reader recognises the bytes.
   */
  public static float[] decodeUnrounded(byte[] bytes, int channels, int height, int width)
      throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
    if (image == null) {
      return null;
    }
    int w = image.getWidth();
    int h = image.getHeight();
    float[][] planes = planes(image, channels);
    float[] out = new float[channels * height * width];
    if (w == width && h == height) {
      for (int c = 0; c < channels; c++) {
        System.arraycopy(planes[c], 0, out, c * height * width, height * width);
      }
      return out;
    }
    double scale = Math.max((double) height / h, (double) width / w);
    int resizedH = Math.max(height, (int) Math.round(h * scale));
    int resizedW = Math.max(width, (int) Math.round(w * scale));
    int top = (resizedH - height) / 2;
    int left = (resizedW - width) / 2;
    for (int c = 0; c < channels; c++) {
      float[] resized =
          resizedH == h && resizedW == w
              ? planes[c]
              : Resampling.resize(planes[c], h, w, resizedH, resizedW);
      for (int y = 0; y < height; y++) {
        System.arraycopy(
            resized, (top + y) * resizedW + left, out, c * height * width + y * width, width);
      }
    }
    return out;
  }

  private static float[][] planes(BufferedImage image, int channels) {
    int w = image.getWidth();
    int h = image.getHeight();
    float[][] planes = new float[channels][w * h];
    int type = image.getType();
    if (type == BufferedImage.TYPE_BYTE_GRAY || type == BufferedImage.TYPE_USHORT_GRAY) {
      Raster raster = image.getRaster();
      int[] row = new int[w];
      float unit = type == BufferedImage.TYPE_USHORT_GRAY ? 255f / 65535f : 1f;
      for (int y = 0; y < h; y++) {
        raster.getSamples(0, y, w, 1, 0, row);
        for (int x = 0; x < w; x++) {
          float value = type == BufferedImage.TYPE_USHORT_GRAY ? Math.round(row[x] * unit) : row[x];
          for (int c = 0; c < channels; c++) {
            planes[c][y * w + x] = value;
          }
        }
      }
      return planes;
    }
    int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
    for (int i = 0; i < rgb.length; i++) {
      int r = (rgb[i] >> 16) & 0xFF;
      int g = (rgb[i] >> 8) & 0xFF;
      int b = rgb[i] & 0xFF;
      if (channels == 1) {
        planes[0][i] = (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
      } else {
        planes[0][i] = r;
        planes[1][i] = g;
        planes[2][i] = b;
      }
    }
    return planes;
  }
}
