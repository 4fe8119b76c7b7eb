package dev.distillery.methods.rkd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.distillery.spi.DistillationBatch;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.Scalars;

/**
 * Relational knowledge distillation (Park et al. CVPR 2019) as RepDistiller's {@code RKDLoss}: the
 * student's batch relations (pairwise distances and triplet angles of the flattened features) are
 * pulled towards the teacher's with smooth L1 losses:
 *
 * <pre>
 *   loss = w_d · smoothL1(ψ_D(s), ψ_D(t)) + w_a · smoothL1(ψ_A(s), ψ_A(t))
 *   ψ_D(x)_ij = d_ij / mean_{d > 0} d,   d_ij = sqrt(max(|x_i|² + |x_j|² − 2 x_i·x_j, 1e-12)), d_ii = 0
 *   ψ_A(x)_ijk = e_ij · e_ik,            e_ij = (x_j − x_i) / max(|x_j − x_i|, 1e-12)
 * </pre>
 *
 * <p>Both smooth L1 terms are means over all B² distances and B³ angles (the zero diagonals
 * included), with threshold 1. The teacher's relations carry no gradient. Features of any shape are
 * flattened per image, so student and teacher sizes may differ.
 */
public final class RkdLoss implements DistillationLoss {

  private static final float EPS = 1e-12f;

  private final RkdOptions options;

  public RkdLoss(RkdOptions options) {
    this.options = options;
  }

  @Override
  public String name() {
    return "rkd";
  }

  @Override
  public NDArray compute(DistillationBatch batch) {
    return compute(
        batch.studentFeature(options.studentFeature()),
        batch.teacherFeature(options.teacherFeature()));
  }

  /**
   * The loss for student features (with gradient) and teacher features of shape (batch, ...); the
   * batch sizes must agree. A batch of one image has no relations: the loss is then 0 (the
   * reference gives NaN).
   */
  public NDArray compute(NDArray studentFeature, NDArray teacherFeature) {
    long batchSize = studentFeature.getShape().get(0);
    if (teacherFeature.getShape().get(0) != batchSize) {
      throw new IllegalArgumentException(
          "rkd: student batch "
              + studentFeature.getShape()
              + " and teacher batch "
              + teacherFeature.getShape()
              + " differ in size");
    }
    NDArray student = studentFeature.reshape(batchSize, -1);
    if (batchSize < 2) {
      return Scalars.times(student.sum(), 0f);
    }
    NDArray teacher = teacherFeature.stopGradient().reshape(batchSize, -1);
    float distanceWeight = (float) options.distanceWeight().doubleValue();
    float angleWeight = (float) options.angleWeight().doubleValue();
    NDArray distanceLoss =
        smoothL1(normalisedDistances(student), normalisedDistances(teacher).stopGradient());
    NDArray angleLoss = smoothL1(angles(student), angles(teacher).stopGradient());
    return Scalars.times(distanceLoss, distanceWeight).add(Scalars.times(angleLoss, angleWeight));
  }

  /** RepDistiller's {@code pdist(e, squared=False)} divided by the mean of its positive entries. */
  private static NDArray normalisedDistances(NDArray e) {
    NDArray square = e.square().sum(new int[] {1});
    NDArray product = e.matMul(e.transpose());
    NDArray distances =
        Scalars.atLeast(
                square.expandDims(1).add(square.expandDims(0)).sub(Scalars.times(product, 2f)), EPS)
            .sqrt();
    NDManager manager = e.getManager();
    long n = e.getShape().get(0);
    NDArray offDiagonal = manager.ones(distances.getShape()).sub(manager.eye((int) n));
    distances = distances.mul(offDiagonal);
    NDArray positive = distances.gt(0f).toType(distances.getDataType(), false);
    NDArray mean = distances.mul(positive).sum().div(positive.sum());
    return distances.div(mean);
  }

  /** Cosines of the angles at x_i between x_j and x_k, for all (i, j, k), flattened. */
  private static NDArray angles(NDArray x) {
    NDArray differences = x.expandDims(0).sub(x.expandDims(1)); // [i, j] = x_j − x_i
    NDArray norms = Scalars.atLeast(differences.norm(new int[] {2}, true), EPS);
    NDArray unit = differences.div(norms);
    return unit.batchMatMul(unit.transpose(0, 2, 1)).reshape(-1);
  }

  /** PyTorch's {@code smooth_l1_loss} with threshold 1, mean reduction. */
  private static NDArray smoothL1(NDArray input, NDArray target) {
    NDArray absolute = input.sub(target).abs();
    NDArray inner = Scalars.atMost(absolute, 1f);
    return Scalars.times(inner.square(), 0.5f).add(absolute.sub(inner)).mean();
  }
}
