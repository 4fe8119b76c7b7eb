package dev.distillery.methods.fsp;

import dev.distillery.methods.FeaturePointPairs;
import dev.distillery.spi.UserException;
import java.util.List;

/**
 * Options of the {@code fsp} method.
 *
 * @param studentFeatures the student's feature points, in network order; FSP matrices are taken
 *     between consecutive points (default {@code [stem, layer1, layer2, layer3]}, RepDistiller's
 *     {@code feat_s[:-1]})
 * @param teacherFeatures the teacher's feature points, paired one by one with the student's
 *     (default {@code [stem, layer1, layer2, layer3]})
 */
public record FspOptions(List<String> studentFeatures, List<String> teacherFeatures) {

  public static final List<String> DEFAULT_FEATURES = List.of("stem", "layer1", "layer2", "layer3");

  public FspOptions {
    List<List<String>> pairs =
        FeaturePointPairs.check("fsp", studentFeatures, teacherFeatures, DEFAULT_FEATURES);
    studentFeatures = pairs.get(0);
    teacherFeatures = pairs.get(1);
    if (studentFeatures.size() < 2) {
      throw new UserException(
          "fsp option student-features "
              + studentFeatures
              + " and teacher-features "
              + teacherFeatures
              + " list one feature point each; FSP matrices relate consecutive feature points, so"
              + " give at least two, e.g. student-features: [layer1, layer2], teacher-features:"
              + " [layer1, layer2]");
    }
  }

  /** The defaults: stem, layer1, layer2, layer3 on both sides. */
  public static FspOptions defaults() {
    return new FspOptions(null, null);
  }
}
