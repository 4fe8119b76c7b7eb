package dev.distillery.datasets.folder;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.distillery.spi.UserException;
import java.util.List;

/**
 * Options of the {@code image-folder} dataset.
 *
 * @param path the folder: either {@code train/} and {@code test/} (and optionally {@code
 *     validation/}) each holding one sub-folder per class, or the class sub-folders directly (then
 *     a seeded, per-class share {@code test-fraction} becomes the test split)
 * @param size side of the square model input; every image is resized (its shorter side to the size,
 *     keeping its aspect) and centre-cropped to it. Default: the most common size among the
 *     training images (not necessarily square), other sizes are resized to it
 * @param channels 1 (grey) or 3 (RGB); default 3 when any training image is in colour, else 1
 * @param normalize whether to standardise pixels as {@code (x/255 - mean) / std} per channel
 *     (default true); false gives {@code x/255} in [0, 1]
 * @param mean per-channel means of {@code x/255}; default: computed from the training images
 *     (cached with the decoded images)
 * @param std per-channel standard deviations of {@code x/255}; default: computed like {@code mean}
 * @param testFraction share of each class held out as the test split when the folder has no {@code
 *     train/} and {@code test/} (default 0.2)
 * @param onUnreadable {@code fail} (default) stops at a file that is not a readable image and names
 *     it; {@code skip} leaves such files out and names each once in the log
 * @param cache where decoded images are kept between runs (default {@code $DISTILLERY_CACHE} or
 *     {@code ~/.cache/distillery}, sub-folder {@code image-folder})
 */
public record ImageFolderOptions(
    @JsonPropertyDescription(
            "The image folder: train/ and test/ (optionally validation/) with one sub-folder per"
                + " class, or the class sub-folders directly (then test-fraction of each class is"
                + " held out as the test split, seeded).")
        String path,
    @JsonPropertyDescription(
            "Side of the square model input: images are resized (shorter side) and centre-cropped"
                + " to it. Default: the most common training image size.")
        Integer size,
    @JsonPropertyDescription(
            "1 (grey) or 3 (RGB). Default: 3 when any training image is in colour, else 1.")
        Integer channels,
    @JsonPropertyDescription(
            "Standardise pixels as (x/255 - mean) / std per channel; false gives x/255.")
        Boolean normalize,
    @JsonPropertyDescription(
            "Per-channel means of x/255. Default: computed from the training images (cached).")
        List<Double> mean,
    @JsonPropertyDescription(
            "Per-channel standard deviations of x/255. Default: computed from the training"
                + " images (cached).")
        List<Double> std,
    @JsonPropertyDescription(
            "Share of each class held out as the test split when the folder has no train/ and"
                + " test/ sub-folders.")
        Double testFraction,
    @JsonPropertyDescription(
            "fail: stop at a file that is not a readable image, naming it; skip: leave such files"
                + " out, naming each in the log.")
        String onUnreadable,
    @JsonPropertyDescription(
            "Where decoded images are kept between runs. Default: $DISTILLERY_CACHE or"
                + " ~/.cache/distillery, sub-folder image-folder.")
        String cache) {

  public static final double DEFAULT_TEST_FRACTION = 0.2;
  public static final String FAIL = "fail";
  public static final String SKIP = "skip";

  public ImageFolderOptions {
    normalize = normalize == null ? Boolean.TRUE : normalize;
    testFraction = testFraction == null ? DEFAULT_TEST_FRACTION : testFraction;
    onUnreadable = onUnreadable == null ? FAIL : onUnreadable;
    if (path == null || path.isBlank()) {
      throw new UserException(
          "dataset image-folder needs the folder of images: add `with: {path: data/my-images}`,"
              + " a folder with train/ and test/ (each one sub-folder per class) or the class"
              + " sub-folders directly");
    }
    if (size != null && (size < 4 || size > 1024)) {
      throw new UserException(
          "dataset image-folder option size is " + size + "; it must be 4 to 1024, e.g. size: 32");
    }
    if (channels != null && channels != 1 && channels != 3) {
      throw new UserException(
          "dataset image-folder option channels is "
              + channels
              + "; it must be 1 (grey) or 3 (RGB), or left out to follow the images");
    }
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new UserException(
          "dataset image-folder option test-fraction is "
              + testFraction
              + "; it must be between 0 and 1 (exclusive), e.g. test-fraction: 0.2");
    }
    if (!onUnreadable.equals(FAIL) && !onUnreadable.equals(SKIP)) {
      throw new UserException(
          "dataset image-folder option on-unreadable is '"
              + onUnreadable
              + "'; it must be fail or skip");
    }
    if ((mean == null) != (std == null)) {
      throw new UserException(
          "dataset image-folder options mean and std go together: give both (one value per"
              + " channel) or neither (computed from the training images)");
    }
    if (mean != null) {
      mean = List.copyOf(mean);
      std = List.copyOf(std);
      if (mean.isEmpty() || mean.size() != std.size()) {
        throw new UserException(
            "dataset image-folder options mean "
                + mean
                + " and std "
                + std
                + " must have one value per channel each");
      }
      if (channels != null && mean.size() != channels) {
        throw new UserException(
            "dataset image-folder options mean and std have "
                + mean.size()
                + " values for "
                + channels
                + " channels; give one per channel");
      }
      for (double s : std) {
        if (!(s > 0)) {
          throw new UserException(
              "dataset image-folder option std is " + std + "; every value must be positive");
        }
      }
      if (!normalize) {
        throw new UserException(
            "dataset image-folder: mean and std are given but normalize is false; remove one");
      }
    }
  }

  boolean skipsUnreadable() {
    return SKIP.equals(onUnreadable);
  }
}
