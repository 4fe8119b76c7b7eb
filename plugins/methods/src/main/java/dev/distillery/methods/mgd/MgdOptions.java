package dev.distillery.methods.mgd;

import dev.distillery.methods.FeaturePointPairs;
import dev.distillery.spi.UserException;
import java.util.List;
import java.util.Locale;

/**
 * Options of the {@code mgd} method (defaults: KaiyuYue/mgd {@code cls/main_mgd.py}).
 *
 * @param studentFeatures the student's pre-ReLU feature points, paired one by one with {@code
 *     teacherFeatures} (default [layer1.pre, layer2.pre, layer3.pre]: the reference distils the
 *     pre-ReLU output of every ResNet stage, {@code extract_feature(x, preReLU=True)})
 * @param teacherFeatures the teacher's pre-ReLU feature points (same default)
 * @param reducer how the teacher's channels are reduced to the student's: {@code sm} sparse
 *     matching, {@code rd} random drop, {@code amp} absolute max pooling (default {@code amp},
 *     {@code --mgd-reducer})
 * @param updateEvery the matching is solved at the start of epoch 0 and re-solved at the start of
 *     every epoch that is a multiple of this (default 2, {@code --mgd-update-freq}: the reference
 *     re-solves after epoch e when (e+1) % freq == 0)
 * @param statisticsImages a solve uses the statistics of (a little more than) this many training
 *     images, starting at the solve point (default 20000, the reference's {@code mgd_update} stops
 *     after the batch i with batch-size·i > 20000), or of the rest of the epoch when it has fewer
 * @param lossFactor the summed partial L2 distance is divided by batch size and this (default 1e4,
 *     {@code --loss-factor}, the reference's value for 224×224 inputs)
 */
public record MgdOptions(
    List<String> studentFeatures,
    List<String> teacherFeatures,
    String reducer,
    Integer updateEvery,
    Integer statisticsImages,
    Double lossFactor) {

  public static final List<String> DEFAULT_FEATURES =
      List.of("layer1.pre", "layer2.pre", "layer3.pre");
  public static final String DEFAULT_REDUCER = "amp";
  public static final int DEFAULT_UPDATE_EVERY = 2;
  public static final int DEFAULT_STATISTICS_IMAGES = 20000;
  public static final double DEFAULT_LOSS_FACTOR = 1e4;

  /** The channel reductions of the reference. */
  public enum Reducer {
    /** Sparse matching: each student channel is matched with one distinct teacher channel. */
    SM,
    /** Random drop: one of the matched teacher channels, drawn per position. */
    RD,
    /** Absolute max pooling: the matched teacher value of largest magnitude, per position. */
    AMP;

    /** The option value: sm, rd or amp. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The reducer of an option value (sm, rd, amp). */
    public static Reducer of(String id) {
      return valueOf(id.toUpperCase(Locale.ROOT));
    }
  }

  public MgdOptions {
    List<List<String>> pairs =
        FeaturePointPairs.check("mgd", studentFeatures, teacherFeatures, DEFAULT_FEATURES);
    studentFeatures = pairs.get(0);
    teacherFeatures = pairs.get(1);
    reducer = reducer == null ? DEFAULT_REDUCER : reducer;
    if (!List.of("sm", "rd", "amp").contains(reducer)) {
      throw new UserException(
          "mgd option reducer is '"
              + reducer
              + "'; it must be sm (sparse matching), rd (random drop) or amp (absolute max"
              + " pooling), e.g. reducer: amp (the reference's default)");
    }
    updateEvery = updateEvery == null ? DEFAULT_UPDATE_EVERY : updateEvery;
    if (updateEvery < 1) {
      throw new UserException(
          "mgd option update-every is "
              + updateEvery
              + "; it must be a whole number of epochs >= 1, e.g. update-every: 2 (the"
              + " reference's --mgd-update-freq default)");
    }
    statisticsImages = statisticsImages == null ? DEFAULT_STATISTICS_IMAGES : statisticsImages;
    if (statisticsImages < 1) {
      throw new UserException(
          "mgd option statistics-images is "
              + statisticsImages
              + "; it must be a whole number of images >= 1, e.g. statistics-images: 20000 (the"
              + " reference's)");
    }
    lossFactor = lossFactor == null ? DEFAULT_LOSS_FACTOR : lossFactor;
    if (!(lossFactor > 0) || lossFactor.isInfinite()) {
      throw new UserException(
          "mgd option loss-factor is "
              + lossFactor
              + "; it must be a positive number, e.g. loss-factor: 10000 (the reference's"
              + " --loss-factor default)");
    }
  }

  /** The defaults: pre-ReLU layer1..3 on both sides, amp, every 2 epochs, 20000 images, 1e4. */
  public static MgdOptions defaults() {
    return new MgdOptions(null, null, null, null, null, null);
  }
}
