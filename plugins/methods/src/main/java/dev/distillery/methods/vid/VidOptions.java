package dev.distillery.methods.vid;

import dev.distillery.methods.FeaturePointPairs;
import dev.distillery.spi.UserException;
import java.util.List;

/**
 * Options of the {@code vid} method.
 *
 * @param studentFeatures the student feature points, paired one by one with {@code teacherFeatures}
 *     (default [layer1, layer2, layer3], RepDistiller's {@code feat_s[1:-1]})
 * @param teacherFeatures the teacher feature points (default [layer1, layer2, layer3])
 * @param initPredVar the initial predicted variance σ² of every teacher channel (default 5.0,
 *     RepDistiller's {@code init_pred_var}); must be greater than {@link #EPS}
 */
public record VidOptions(
    List<String> studentFeatures, List<String> teacherFeatures, Double initPredVar) {

  public static final List<String> DEFAULT_FEATURES = List.of("layer1", "layer2", "layer3");
  public static final double DEFAULT_INIT_PRED_VAR = 5.0;

  /** The variance floor added to softplus(log-scale), RepDistiller's {@code eps}. */
  public static final double EPS = 1e-5;

  public VidOptions {
    List<List<String>> pairs =
        FeaturePointPairs.check("vid", studentFeatures, teacherFeatures, DEFAULT_FEATURES);
    studentFeatures = pairs.get(0);
    teacherFeatures = pairs.get(1);
    initPredVar = initPredVar == null ? DEFAULT_INIT_PRED_VAR : initPredVar;
    if (!(initPredVar > EPS) || initPredVar.isInfinite()) {
      throw new UserException(
          "vid option init-pred-var is "
              + initPredVar
              + "; it must be a finite variance greater than "
              + EPS
              + ", e.g. init-pred-var: 5.0 (RepDistiller's default)");
    }
  }

  /** The defaults: [layer1, layer2, layer3] on both sides, initial variance 5. */
  public static VidOptions defaults() {
    return new VidOptions(null, null, null);
  }
}
