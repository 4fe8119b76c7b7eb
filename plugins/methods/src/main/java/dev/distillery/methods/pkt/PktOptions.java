package dev.distillery.methods.pkt;

import dev.distillery.methods.FeaturePointPairs;

/**
 * Options of the {@code pkt} method.
 *
 * @param studentFeature the student feature point whose probability distribution over the batch is
 *     matched (default pool, the pooled vector, RepDistiller's {@code feat[-1]})
 * @param teacherFeature the teacher feature point (default pool)
 */
public record PktOptions(String studentFeature, String teacherFeature) {

  public static final String DEFAULT_FEATURE = "pool";

  public PktOptions {
    studentFeature =
        FeaturePointPairs.checkName("pkt", "student-feature", studentFeature, DEFAULT_FEATURE);
    teacherFeature =
        FeaturePointPairs.checkName("pkt", "teacher-feature", teacherFeature, DEFAULT_FEATURE);
  }

  /** The defaults: pool on both sides. */
  public static PktOptions defaults() {
    return new PktOptions(null, null);
  }
}
