package dev.distillery.training.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Applies {@link AugmentationOptions} to float CHW images on the Java side, before they become an
 * NDArray. The random choices of an image depend only on {@code (seed, epoch, sample index)} (the
 * image's index in the split), so a resumed epoch, or the same epoch with another batch size, sees
 * exactly the same augmentation.
 *
 * <p>Random crop: the image is padded with {@code p} zeros on every side and a window of the
 * original size is cut at offset {@code (top, left)} in {@code [0, 2p]}; output pixel {@code (y,
 * x)} is input pixel {@code (y + top - p, x + left - p)}, or 0 outside the image. Note that the
 * zeros are in the split's value space: in normalized images 0 is the mean value, not black. Flip:
 * then {@code x -> width - 1 - x}.
 */
public final class Augmentation {

  /**
   * The random choices for one image.
   *
   * @param shiftY the input row shown at output row 0 ({@code top - padding}, in {@code [-p, p]})
   * @param shiftX the input column shown at output column 0 before flipping
   * @param flip whether the image is flipped left-right
   */
  public record Draw(int shiftY, int shiftX, boolean flip) {

    /** No change. */
    public static final Draw IDENTITY = new Draw(0, 0, false);
  }

  private static final long TAG = 0x4155474dL; // "AUGM"

  private final AugmentationOptions options;

  public Augmentation(AugmentationOptions options) {
    this.options = options == null ? AugmentationOptions.none() : options;
  }

  public AugmentationOptions options() {
    return options;
  }

  /** Whether this augmentation changes anything. */
  public boolean enabled() {
    return options.enabled();
  }

  /** The random choices for image {@code sampleIndex} in {@code epoch}. */
  public Draw draw(long seed, int epoch, int sampleIndex) {
    if (!enabled()) {
      return Draw.IDENTITY;
    }
    SeededStream random = new SeededStream(seed, epoch, sampleIndex, TAG);
    int padding = options.cropPadding();
    int shiftY = 0;
    int shiftX = 0;
    if (padding > 0) {
      shiftY = random.nextInt(2 * padding + 1) - padding;
      shiftX = random.nextInt(2 * padding + 1) - padding;
    }
    boolean flip = options.horizontalFlip() && random.nextBoolean();
    return new Draw(shiftY, shiftX, flip);
  }

  /**
   * Writes the augmented copy of one CHW image.
   *
   * @param source the split's values
   * @param sourceOffset where the image starts in {@code source}
   * @param target where to write (must not overlap the source image)
   * @param targetOffset where the copy starts in {@code target}
   * @param channels image channels
   * @param height image height
   * @param width image width
   * @param draw the random choices (from {@link #draw})
   */
  public static void apply(
      float[] source,
      int sourceOffset,
      float[] target,
      int targetOffset,
      int channels,
      int height,
      int width,
      Draw draw) {
    Objects.requireNonNull(draw, "draw is null");
    int plane = height * width;
    if (draw.shiftY() == 0 && draw.shiftX() == 0 && !draw.flip()) {
      System.arraycopy(source, sourceOffset, target, targetOffset, channels * plane);
      return;
    }
    // columns x of the output whose input column lies inside the image
    int shiftX = draw.shiftX();
    int firstX = Math.max(0, -shiftX);
    int endX = Math.min(width, width - shiftX);
    for (int c = 0; c < channels; c++) {
      int inPlane = sourceOffset + c * plane;
      int outPlane = targetOffset + c * plane;
      for (int y = 0; y < height; y++) {
        int outRow = outPlane + y * width;
        int inY = y + draw.shiftY();
        if (inY < 0 || inY >= height || firstX >= endX) {
          Arrays.fill(target, outRow, outRow + width, 0f);
          continue;
        }
        int inRow = inPlane + inY * width;
        if (!draw.flip()) {
          Arrays.fill(target, outRow, outRow + firstX, 0f);
          System.arraycopy(source, inRow + firstX + shiftX, target, outRow + firstX, endX - firstX);
          Arrays.fill(target, outRow + endX, outRow + width, 0f);
        } else {
          // cropped column x lands at width - 1 - x
          for (int x = 0; x < width; x++) {
            int inX = x + shiftX;
            target[outRow + width - 1 - x] = inX >= 0 && inX < width ? source[inRow + inX] : 0f;
          }
        }
      }
    }
  }
}
