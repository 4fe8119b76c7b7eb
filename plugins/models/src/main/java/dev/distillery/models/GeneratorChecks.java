package dev.distillery.models;

import dev.distillery.spi.ImageShape;
import dev.distillery.spi.UserException;

/** The checks every upsampling generator makes of what it is asked to build. */
final class GeneratorChecks {

  private GeneratorChecks() {}

  /**
   * Refuses an image size that {@code upsamplings} ×2 upsamplings cannot reach (with the sizes that
   * work, {@code examples}), and a latent size or width below 1.
   */
  static void check(
      String architecture,
      int latentSize,
      int width,
      ImageShape image,
      String upsamplings,
      int multiple,
      String examples) {
    if (image.height() % multiple != 0 || image.width() % multiple != 0) {
      throw new UserException(
          "generator '"
              + architecture
              + "' upsamples "
              + upsamplings
              + " by 2, so it makes images whose height and width are multiples of "
              + multiple
              + " (e.g. "
              + examples
              + "); asked for "
              + image
              + ". Pad the dataset to a multiple of "
              + multiple
              + " (e.g. `pad-to: 32`)");
    }
    if (latentSize < 1 || width < 1) {
      throw new UserException(
          "generator '"
              + architecture
              + "' needs latent >= 1 and width >= 1, got latent "
              + latentSize
              + ", width "
              + width);
    }
  }
}
