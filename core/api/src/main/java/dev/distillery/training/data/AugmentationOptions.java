package dev.distillery.training.data;

import dev.distillery.spi.UserException;

/**
 * Random augmentation of training images, as torchvision's {@code RandomCrop(size, padding)}
 * followed by {@code RandomHorizontalFlip()}:
 *
 * <pre>
 * augmentation: {crop-padding: 4, horizontal-flip: true}
 * </pre>
 *
 * @param cropPadding zero padding on each side before a random crop back to the image size; null or
 *     0 turns cropping off (default off)
 * @param horizontalFlip flip each image left-right with probability 1/2 (default false)
 */
public record AugmentationOptions(Integer cropPadding, Boolean horizontalFlip) {

  public AugmentationOptions {
    cropPadding = cropPadding == null ? 0 : cropPadding;
    horizontalFlip = horizontalFlip != null && horizontalFlip;
    if (cropPadding < 0) {
      throw new UserException(
          "augmentation: crop-padding must be >= 0 pixels, got crop-padding: "
              + cropPadding
              + "; e.g. crop-padding: 4, or 0 for no random crop");
    }
  }

  /** No augmentation. */
  public static AugmentationOptions none() {
    return new AugmentationOptions(0, false);
  }

  /** Whether any augmentation is on. */
  public boolean enabled() {
    return cropPadding > 0 || horizontalFlip;
  }
}
