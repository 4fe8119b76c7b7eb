package dev.distillery.stages;

import dev.distillery.spi.ImageShape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;

/**
 * A PNG grid of generated images, row by row, for a person to look at: values are mapped linearly
 * from the grid's 0.5th to 99.5th percentile to black..white (generators make standardised values,
 * not pixels), one-channel images in grey and three-channel ones in colour, each pixel drawn as a
 * {@code scale}×{@code scale} block with a one-block gap between images.
 */
final class GeneratedImageGrid {

  private GeneratedImageGrid() {}

  /**
   * Writes {@code count} images of {@code shape} (CHW, one after the other in {@code values}) as a
   * grid of {@code columns} columns.
   */
  static void write(float[] values, ImageShape shape, int columns, int scale, Path file) {
    float[] sorted = values.clone();
    Arrays.sort(sorted);
    write(
        values,
        shape,
        columns,
        scale,
        sorted[(int) (0.005 * (sorted.length - 1))],
        sorted[(int) (0.995 * (sorted.length - 1))],
        file);
  }

  /**
   * Like {@link #write(float[], ImageShape, int, int, Path)}, with {@code low..high} (e.g. the
   * data's range) as black..white, so grids of several generators compare.
   */
  static void write(
      float[] values, ImageShape shape, int columns, int scale, float low, float high, Path file) {
    int size = shape.size();
    int count = values.length / size;
    if (count == 0) {
      throw new IllegalArgumentException("no images to draw");
    }
    float range = high > low ? high - low : 1f;
    int rows = (count + columns - 1) / columns;
    int cell = shape.width() * scale + scale;
    int cellHeight = shape.height() * scale + scale;
    BufferedImage image =
        new BufferedImage(
            columns * cell + scale, rows * cellHeight + scale, BufferedImage.TYPE_INT_RGB);
    int plane = shape.height() * shape.width();
    for (int n = 0; n < count; n++) {
      int left = scale + (n % columns) * cell;
      int top = scale + (n / columns) * cellHeight;
      for (int y = 0; y < shape.height(); y++) {
        for (int x = 0; x < shape.width(); x++) {
          int[] rgb = new int[3];
          for (int c = 0; c < 3; c++) {
            int channel = shape.channels() == 3 ? c : 0;
            float v = values[n * size + channel * plane + y * shape.width() + x];
            rgb[c] = Math.round(255 * Math.min(1f, Math.max(0f, (v - low) / range)));
          }
          int pixel = (rgb[0] << 16) | (rgb[1] << 8) | rgb[2];
          for (int dy = 0; dy < scale; dy++) {
            for (int dx = 0; dx < scale; dx++) {
              image.setRGB(left + x * scale + dx, top + y * scale + dy, pixel);
            }
          }
        }
      }
    }
    try {
      Files.createDirectories(file.getParent());
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      if (!ImageIO.write(image, "png", temporary.toFile())) {
        throw new IOException("no PNG writer in this JVM");
      }
      Files.move(
          temporary,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write image grid " + file, e);
    }
  }
}
