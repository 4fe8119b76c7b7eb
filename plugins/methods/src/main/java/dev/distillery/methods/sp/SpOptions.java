package dev.distillery.methods.sp;

import dev.distillery.methods.FeaturePointPairs;

/**
 * Options of the {@code sp} method.
 *
 * @param studentFeature the student feature point whose batch similarity is matched (default
 *     layer3, RepDistiller's {@code feat[-2]})
 * @param teacherFeature the teacher feature point (default layer3)
 */
public record SpOptions(String studentFeature, String teacherFeature) {

  public static final String DEFAULT_FEATURE = "layer3";

  public SpOptions {
    studentFeature =
        FeaturePointPairs.checkName("sp", "student-feature", studentFeature, DEFAULT_FEATURE);
    teacherFeature =
        FeaturePointPairs.checkName("sp", "teacher-feature", teacherFeature, DEFAULT_FEATURE);
  }

  /** The defaults: layer3 on both sides. */
  public static SpOptions defaults() {
    return new SpOptions(null, null);
  }
}
