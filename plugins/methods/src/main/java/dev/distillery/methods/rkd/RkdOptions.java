package dev.distillery.methods.rkd;

import dev.distillery.spi.UserException;

/**
 * Options of the {@code rkd} method.
 *
 * @param studentFeature the student feature point whose relations are distilled (default {@code
 *     pool}, RepDistiller's {@code feat_s[-1]})
 * @param teacherFeature the teacher feature point (default {@code pool}, {@code feat_t[-1]}); its
 *     size may differ from the student's
 * @param distanceWeight weight of the distance term inside the loss (default 25, RepDistiller's
 *     {@code w_d})
 * @param angleWeight weight of the angle term inside the loss (default 50, RepDistiller's {@code
 *     w_a})
 */
public record RkdOptions(
    String studentFeature, String teacherFeature, Double distanceWeight, Double angleWeight) {

  public static final String DEFAULT_FEATURE = "pool";
  public static final double DEFAULT_DISTANCE_WEIGHT = 25.0;
  public static final double DEFAULT_ANGLE_WEIGHT = 50.0;

  public RkdOptions {
    studentFeature = featurePoint("student-feature", studentFeature);
    teacherFeature = featurePoint("teacher-feature", teacherFeature);
    distanceWeight =
        weight("distance-weight", distanceWeight, DEFAULT_DISTANCE_WEIGHT, "distance-weight: 25");
    angleWeight = weight("angle-weight", angleWeight, DEFAULT_ANGLE_WEIGHT, "angle-weight: 50");
    if (distanceWeight == 0 && angleWeight == 0) {
      throw new UserException(
          "rkd options distance-weight and angle-weight are both 0, so the loss is always 0;"
              + " give at least one a positive weight (RepDistiller: 25 and 50)");
    }
  }

  /** The defaults: pool/pool, distance weight 25, angle weight 50. */
  public static RkdOptions defaults() {
    return new RkdOptions(null, null, null, null);
  }

  private static String featurePoint(String option, String value) {
    if (value == null) {
      return DEFAULT_FEATURE;
    }
    if (value.isBlank()) {
      throw new UserException(
          "rkd option "
              + option
              + " is blank; name a feature point of the model, e.g. "
              + option
              + ": pool");
    }
    return value;
  }

  private static double weight(String option, Double value, double fallback, String example) {
    if (value == null) {
      return fallback;
    }
    if (!(value >= 0) || value.isInfinite()) {
      throw new UserException(
          "rkd option "
              + option
              + " is "
              + value
              + "; it must be a number >= 0, e.g. "
              + example
              + " (RepDistiller's default)");
    }
    return value;
  }
}
