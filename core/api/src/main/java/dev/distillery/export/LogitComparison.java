package dev.distillery.export;

import java.util.Locale;

/**
 * How closely an exported model's logits match DJL's on the same images, and whether both classify
 * them alike: logits match when {@code |exported − djl| ≤ ABSOLUTE + RELATIVE · |djl|} for every
 * logit (as {@code numpy.allclose}), and the top-1 accuracies must be equal.
 *
 * @param images images compared
 * @param maxAbsoluteDifference the largest {@code |exported − djl|} over all logits
 * @param outsideTolerance logits outside the tolerance
 * @param djlAccuracy top-1 accuracy of DJL's logits
 * @param exportedAccuracy top-1 accuracy of the exported model's logits
 * @param disagreements images whose top-1 class differs between the two
 */
public record LogitComparison(
    int images,
    double maxAbsoluteDifference,
    long outsideTolerance,
    double djlAccuracy,
    double exportedAccuracy,
    int disagreements) {

  /** Absolute part of the float tolerance. */
  public static final double ABSOLUTE = 1e-4;

  /** Relative part of the float tolerance. */
  public static final double RELATIVE = 1e-4;

  /** The tolerance in words, as reports print it. */
  public static final String TOLERANCE = "|exported - djl| <= 1e-4 + 1e-4 * |djl|";

  /**
   * Compares two sets of logits of the same images.
   *
   * @param djl {@code images × classes} logits from DJL, row-major
   * @param exported the exported model's logits of the same images, same layout
   * @param labels the images' classes
   * @param classes logits per image
   */
  public static LogitComparison of(float[] djl, float[] exported, int[] labels, int classes) {
    if (djl.length != exported.length || djl.length != labels.length * classes) {
      throw new IllegalArgumentException(
          "logits of different sizes: DJL "
              + djl.length
              + ", exported "
              + exported.length
              + ", expected "
              + labels.length
              + " × "
              + classes);
    }
    double max = 0;
    long outside = 0;
    for (int i = 0; i < djl.length; i++) {
      double difference = Math.abs((double) exported[i] - djl[i]);
      if (!(difference <= ABSOLUTE + RELATIVE * Math.abs(djl[i]))) {
        outside++;
      }
      max = Double.isNaN(difference) ? Double.NaN : Math.max(max, difference);
    }
    int djlCorrect = 0;
    int exportedCorrect = 0;
    int disagreements = 0;
    for (int image = 0; image < labels.length; image++) {
      int a = argMax(djl, image, classes);
      int b = argMax(exported, image, classes);
      djlCorrect += a == labels[image] ? 1 : 0;
      exportedCorrect += b == labels[image] ? 1 : 0;
      disagreements += a == b ? 0 : 1;
    }
    int images = labels.length;
    return new LogitComparison(
        images,
        max,
        outside,
        images == 0 ? Double.NaN : (double) djlCorrect / images,
        images == 0 ? Double.NaN : (double) exportedCorrect / images,
        disagreements);
  }

  /** Whether every logit is within the tolerance and both models are equally accurate. */
  public boolean passed() {
    return images > 0 && outsideTolerance == 0 && djlAccuracy == exportedAccuracy;
  }

  /** "max |Δlogit| 1.2e-06 on 64 images, top-1 91.25 % (DJL) and 91.25 % (exported)". */
  public String summary() {
    return String.format(
        Locale.ROOT,
        "max |exported - djl| %.3g on %d images (tolerance %s), top-1 %.2f %% (DJL) and %.2f %%"
            + " (exported)",
        maxAbsoluteDifference,
        images,
        TOLERANCE,
        100 * djlAccuracy,
        100 * exportedAccuracy);
  }

  private static int argMax(float[] logits, int image, int classes) {
    int best = 0;
    for (int c = 1; c < classes; c++) {
      if (logits[image * classes + c] > logits[image * classes + best]) {
        best = c;
      }
    }
    return best;
  }
}
