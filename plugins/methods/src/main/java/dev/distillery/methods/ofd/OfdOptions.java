package dev.distillery.methods.ofd;

import dev.distillery.methods.FeaturePointPairs;
import java.util.List;

/**
 * Options of the {@code ofd} method.
 *
 * @param studentFeatures the student's pre-ReLU feature points, paired one by one with {@code
 *     teacherFeatures} (default [layer1.pre, layer2.pre, layer3.pre]: the three groups' pre-ReLU
 *     outputs that overhaul-distillation's CIFAR {@code extract_feature(x, preReLU=True)} returns)
 * @param teacherFeatures the teacher's pre-ReLU feature points (same default); each must be
 *     produced by a batch norm of the teacher ({@code Network.batchNormOf}), whose γ and β give the
 *     margin
 */
public record OfdOptions(List<String> studentFeatures, List<String> teacherFeatures) {

  public static final List<String> DEFAULT_FEATURES =
      List.of("layer1.pre", "layer2.pre", "layer3.pre");

  public OfdOptions {
    List<List<String>> pairs =
        FeaturePointPairs.check("ofd", studentFeatures, teacherFeatures, DEFAULT_FEATURES);
    studentFeatures = pairs.get(0);
    teacherFeatures = pairs.get(1);
  }

  /** The defaults: [layer1.pre, layer2.pre, layer3.pre] on both sides. */
  public static OfdOptions defaults() {
    return new OfdOptions(null, null);
  }
}
