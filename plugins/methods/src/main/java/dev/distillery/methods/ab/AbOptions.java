package dev.distillery.methods.ab;

import dev.distillery.methods.FeaturePointPairs;
import dev.distillery.spi.UserException;
import java.util.List;

/**
 * Options of the {@code ab} method.
 *
 * @param studentFeatures the student's pre-activation feature points, paired one by one with {@code
 *     teacherFeatures} (default [layer1.pre, layer2.pre, layer3.pre], RepDistiller's pre-activation
 *     {@code feat_s[1:-1]})
 * @param teacherFeatures the teacher's pre-activation feature points (same default)
 * @param margin the margin μ of the activation-boundary loss (default 1.0, {@code ABLoss}'s)
 */
public record AbOptions(List<String> studentFeatures, List<String> teacherFeatures, Double margin) {

  public static final List<String> DEFAULT_FEATURES =
      List.of("layer1.pre", "layer2.pre", "layer3.pre");
  public static final double DEFAULT_MARGIN = 1.0;

  public AbOptions {
    List<List<String>> pairs =
        FeaturePointPairs.check("ab", studentFeatures, teacherFeatures, DEFAULT_FEATURES);
    studentFeatures = pairs.get(0);
    teacherFeatures = pairs.get(1);
    margin = margin == null ? DEFAULT_MARGIN : margin;
    if (!(margin >= 0) || margin.isInfinite()) {
      throw new UserException(
          "ab option margin is "
              + margin
              + "; it must be a finite number >= 0, e.g. margin: 1.0 (RepDistiller's default)");
    }
  }

  /** The defaults: [layer1.pre, layer2.pre, layer3.pre] on both sides, margin 1. */
  public static AbOptions defaults() {
    return new AbOptions(null, null, null);
  }
}
