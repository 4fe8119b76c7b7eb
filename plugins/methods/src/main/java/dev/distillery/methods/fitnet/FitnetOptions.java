package dev.distillery.methods.fitnet;

import dev.distillery.methods.FeaturePointPairs;

/**
 * Options of the {@code fitnet} method.
 *
 * @param studentFeature the student feature point fed to the regressor (default {@code layer2},
 *     RepDistiller's {@code feat_s[hint_layer]} with its default {@code --hint_layer 2})
 * @param teacherFeature the teacher feature point the regressed student feature must match (default
 *     {@code layer2}, {@code feat_t[2]})
 */
public record FitnetOptions(String studentFeature, String teacherFeature) {

  public static final String DEFAULT_FEATURE = "layer2";

  public FitnetOptions {
    studentFeature =
        FeaturePointPairs.checkName("fitnet", "student-feature", studentFeature, DEFAULT_FEATURE);
    teacherFeature =
        FeaturePointPairs.checkName("fitnet", "teacher-feature", teacherFeature, DEFAULT_FEATURE);
  }

  /** The defaults: layer2 / layer2. */
  public static FitnetOptions defaults() {
    return new FitnetOptions(null, null);
  }
}
