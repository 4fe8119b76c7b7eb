package dev.distillery.methods.vid;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.distillery.methods.FeatureMapPair;
import dev.distillery.methods.SpatialAlignment;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.MethodSetup;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code vid} method: Ahn et al. CVPR 2019, "Variational Information Distillation for Knowledge
 * Transfer", as RepDistiller builds it for {@code --distill vid}: one {@code VIDLoss(C_s, C_t,
 * C_t)} per pair of {@code feat[1:-1]} (layer1..layer3 of ResNets), its regressor and log-scale
 * trainable. See {@link VidLoss} for the formula.
 */
public final class VidMethod implements MethodPlugin<VidOptions> {

  /** RepDistiller's β for VID ({@code --distill vid -a 0 -b 1} in scripts/run_cifar_distill.sh). */
  public static final double DEFAULT_WEIGHT = 1.0;

  @Override
  public String id() {
    return "vid";
  }

  @Override
  public String description() {
    return "Ahn et al. 2019 variational information distillation: Gaussian likelihood of the"
        + " teacher's feature maps under a trainable 1x1-conv regressor of the student's, with a"
        + " learned per-channel variance (RepDistiller VIDLoss)";
  }

  @Override
  public Class<VidOptions> optionsType() {
    return VidOptions.class;
  }

  @Override
  public double defaultWeight() {
    return DEFAULT_WEIGHT;
  }

  @Override
  public DistillationLoss create(VidOptions options, MethodSetup setup) {
    List<VidRegressor> regressors = new ArrayList<>();
    for (FeatureMapPair pair :
        SpatialAlignment.checkPairs(
            "vid", setup, options.studentFeatures(), options.teacherFeatures())) {
      VidRegressor regressor =
          new VidRegressor(pair.studentChannels(), pair.teacherChannels(), options.initPredVar());
      regressor.initialize(setup.manager(), DataType.FLOAT32, new Shape(1).addAll(pair.student()));
      regressors.add(regressor);
    }
    return new VidLoss(options, regressors);
  }
}
