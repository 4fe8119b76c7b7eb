package dev.distillery.methods.vid;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.distillery.methods.ConnectedFeatureLoss;
import dev.distillery.methods.SpatialAlignment;
import dev.distillery.spi.Scalars;
import java.util.List;

/**
 * Variational information distillation (Ahn et al. CVPR 2019) as RepDistiller's {@code VIDLoss},
 * summed over the feature pairs as its {@code helper/loops.py}:
 *
 * <pre>
 *   per pair:  (s, t) spatially aligned (the larger map average-pooled to the smaller size)
 *              μ = R(s)   (three 1×1 convolutions with ReLU between),  σ²_c = softplus(α_c) + eps
 *              ℓ = mean over (b, c, h, w) of ½ · ((μ − t)² / σ²_c + log σ²_c)
 *   loss = Σ_pairs ℓ
 * </pre>
 *
 * <p>The regressors R and log-scales α ({@link VidRegressor}, one per pair) train with the student
 * ({@link ConnectedFeatureLoss}); the teacher feature arrives detached.
 */
public final class VidLoss extends ConnectedFeatureLoss<VidRegressor> {

  /** A loss over one initialised regressor per feature pair, in the options' order. */
  public VidLoss(VidOptions options, List<VidRegressor> regressors) {
    super("vid", options.studentFeatures(), options.teacherFeatures(), List.copyOf(regressors));
  }

  /** The regressors, one per feature pair. */
  public List<VidRegressor> regressors() {
    return connectors();
  }

  /** One pair's negative log-likelihood, averaged over every element of the teacher map. */
  @Override
  protected NDArray pairTerm(int pair, NDArray student, NDArray teacher, boolean training) {
    NDArray[] aligned = SpatialAlignment.align(student, teacher);
    NDList out = forward(pair, aligned[0], training);
    NDArray mean = out.get(0);
    NDArray variance = out.get(1).reshape(1, -1, 1, 1);
    return Scalars.times(mean.sub(aligned[1]).square().div(variance).add(variance.log()), 0.5f)
        .mean();
  }
}
