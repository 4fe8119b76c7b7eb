package dev.distillery.methods.nst;

import dev.distillery.methods.FeaturePointPairs;
import java.util.List;

/**
 * Options of the {@code nst} method.
 *
 * @param studentFeatures the student feature points whose neuron selectivity is matched (default
 *     [layer1, layer2, layer3], RepDistiller's {@code feat[1:-1]})
 * @param teacherFeatures the teacher feature points, paired one by one with {@code studentFeatures}
 *     (default [layer1, layer2, layer3])
 */
public record NstOptions(List<String> studentFeatures, List<String> teacherFeatures) {

  public static final List<String> DEFAULT_FEATURES = List.of("layer1", "layer2", "layer3");

  public NstOptions {
    List<List<String>> pairs =
        FeaturePointPairs.check("nst", studentFeatures, teacherFeatures, DEFAULT_FEATURES);
    studentFeatures = pairs.get(0);
    teacherFeatures = pairs.get(1);
  }

  /** The defaults: layer1..layer3 on both sides. */
  public static NstOptions defaults() {
    return new NstOptions(null, null);
  }
}
