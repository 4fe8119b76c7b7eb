package dev.distillery.methods.at;

import dev.distillery.methods.FeaturePointPairs;
import dev.distillery.spi.UserException;
import java.util.List;

/**
 * Options of the {@code at} method.
 *
 * @param studentFeatures the student feature points whose attention maps are matched (default
 *     [layer1, layer2, layer3], RepDistiller's {@code feat[1:-1]})
 * @param teacherFeatures the teacher feature points, paired one by one with {@code studentFeatures}
 *     (default [layer1, layer2, layer3])
 * @param p the exponent of the attention map {@code mean_c f^p} (default 2, RepDistiller's and the
 *     paper's choice)
 */
public record AtOptions(List<String> studentFeatures, List<String> teacherFeatures, Double p) {

  public static final List<String> DEFAULT_FEATURES = List.of("layer1", "layer2", "layer3");
  public static final double DEFAULT_P = 2.0;

  public AtOptions {
    List<List<String>> pairs =
        FeaturePointPairs.check("at", studentFeatures, teacherFeatures, DEFAULT_FEATURES);
    studentFeatures = pairs.get(0);
    teacherFeatures = pairs.get(1);
    p = p == null ? DEFAULT_P : p;
    if (!(p > 0) || p.isInfinite()) {
      throw new UserException(
          "at option p is " + p + "; it must be a positive number, e.g. p: 2 (RepDistiller's)");
    }
  }

  /** The defaults: layer1..layer3 on both sides, p = 2. */
  public static AtOptions defaults() {
    return new AtOptions(null, null, null);
  }
}
