package dev.distillery.datasets.folder;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Tiny image folders written by the tests. */
final class ImageFolders {

  private ImageFolders() {}

  /** A grey image of one value. */
  static void grey(Path file, int height, int width, int value) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.getRaster().setSample(x, y, 0, value);
      }
    }
    write(file, image);
  }

  /** A colour image of one colour. */
  static void rgb(Path file, int height, int width, int r, int g, int b) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    write(file, image);
  }

  private static void write(Path file, BufferedImage image) throws IOException {
    Files.createDirectories(file.getParent());
    String format = file.getFileName().toString().endsWith(".png") ? "png" : "jpg";
    if (!ImageIO.write(image, format, file.toFile())) {
      throw new IOException("no writer for " + file);
    }
  }

  /**
   * {@code classes} class folders under {@code folder}, {@code perClass} grey 8x8 images each;
   * image {@code i} of class {@code c} has the value {@code 10 * c + i}.
   */
  static void greyClasses(Path folder, String[] classes, int perClass) throws IOException {
    for (int c = 0; c < classes.length; c++) {
      for (int i = 0; i < perClass; i++) {
        grey(folder.resolve(classes[c]).resolve(String.format("%03d.png", i)), 8, 8, 10 * c + i);
      }
    }
  }
}
