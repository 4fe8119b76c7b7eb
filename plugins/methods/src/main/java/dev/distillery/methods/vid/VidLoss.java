package dev.distillery.methods.vid;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.distillery.methods.SpatialAlignment;
import dev.distillery.spi.DistillationBatch;
import dev.distillery.spi.DistillationLoss;
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
 * ({@link #trainableBlocks()}); the teacher feature arrives detached.
 */
public final class VidLoss implements DistillationLoss {

  private final VidOptions options;
  private final List<VidRegressor> regressors;

  /** A loss over one initialised regressor per feature pair, in the options' order. */
  public VidLoss(VidOptions options, List<VidRegressor> regressors) {
    if (regressors.size() != options.studentFeatures().size()) {
      throw new IllegalArgumentException(
          "vid: " + regressors.size() + " regressors for " + options.studentFeatures());
    }
    this.options = options;
    this.regressors = List.copyOf(regressors);
  }

  @Override
  public String name() {
    return "vid";
  }

  /** The regressors, one per feature pair. */
  public List<VidRegressor> regressors() {
    return regressors;
  }

  @Override
  public List<Block> trainableBlocks() {
    return List.copyOf(regressors);
  }

  @Override
  public NDArray compute(DistillationBatch batch) {
    NDArray total = null;
    for (int i = 0; i < regressors.size(); i++) {
      NDArray term =
          pair(
              regressors.get(i),
              batch.studentFeature(options.studentFeatures().get(i)),
              batch.teacherFeature(options.teacherFeatures().get(i)),
              batch.training());
      total = total == null ? term : total.add(term);
    }
    return total;
  }

  /** One pair's negative log-likelihood, averaged over every element of the teacher map. */
  static NDArray pair(VidRegressor regressor, NDArray student, NDArray teacher, boolean training) {
    NDArray[] aligned = SpatialAlignment.align(student, teacher.stopGradient());
    NDList out =
        regressor.forward(
            new ParameterStore(student.getManager(), false), new NDList(aligned[0]), training);
    NDArray mean = out.get(0);
    NDArray variance = out.get(1).reshape(1, -1, 1, 1);
    return Scalars.times(mean.sub(aligned[1]).square().div(variance).add(variance.log()), 0.5f)
        .mean();
  }
}
