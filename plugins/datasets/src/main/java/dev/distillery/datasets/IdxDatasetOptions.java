package dev.distillery.datasets;

import dev.distillery.spi.UserException;

/**
 * Options of the IDX datasets ({@code fashion-mnist}, {@code mnist}).
 *
 * @param padTo side of the square images produced (default 32): the 28x28 images are zero-padded
 *     symmetrically after normalisation, so the border is 0 in normalised units (the dataset mean),
 *     like torchvision's {@code Pad} applied after {@code Normalize}; 28 means no padding, and an
 *     odd difference puts the extra row and column at the bottom and right
 * @param normalize whether to standardise pixels as {@code (x/255 - mean) / std} with the usual
 *     constants of the dataset (default true); when false pixels are {@code x/255} in [0, 1]
 */
public record IdxDatasetOptions(Integer padTo, Boolean normalize) {

  public static final int DEFAULT_PAD_TO = 32;

  public IdxDatasetOptions {
    if (padTo == null) {
      padTo = DEFAULT_PAD_TO;
    }
    if (normalize == null) {
      normalize = true;
    }
    if (padTo < 1 || padTo > 4096) {
      throw new UserException(
          "dataset option pad-to is "
              + padTo
              + "; it must be the side of the padded image, at least the image size (28 for"
              + " MNIST and Fashion-MNIST, meaning no padding), e.g. pad-to: 32");
    }
  }

  /** The defaults: pad to 32x32, normalised. */
  public static IdxDatasetOptions defaults() {
    return new IdxDatasetOptions(null, null);
  }
}
