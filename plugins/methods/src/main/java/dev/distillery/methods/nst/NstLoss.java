package dev.distillery.methods.nst;

import ai.djl.ndarray.NDArray;
import dev.distillery.methods.FeaturePairLoss;
import dev.distillery.methods.SpatialAlignment;
import dev.distillery.spi.Scalars;

/**
 * Neuron selectivity transfer (Huang & Wang 2017) with the polynomial kernel {@code k(x, y) = (xᵀ
 * y)²}, as RepDistiller's {@code NSTLoss}, summed over the feature pairs as its training loop does
 * ({@link FeaturePairLoss}): each channel's map is viewed as a vector over H·W and L2-normalised,
 * then
 *
 * <pre>
 *   loss = Σ_pairs mean_{b,i,i'} k(t_i, t_i') + mean_{b,j,j'} k(s_j, s_j') − 2 mean_{b,i,j} k(s_j, t_i)
 * </pre>
 *
 * <p>(a squared MMD between the sets of channel maps, averaged over the batch; the teacher-only
 * term is a constant). Maps of different spatial sizes are first average-pooled to the smaller one
 * ({@link SpatialAlignment}); channel counts may differ.
 */
public final class NstLoss extends FeaturePairLoss {

  private static final double NORMALIZE_EPS = 1e-12;

  public NstLoss(NstOptions options) {
    super("nst", options.studentFeatures(), options.teacherFeatures());
  }

  /** The loss of one pair of feature maps (B, C, H, W); no gradient flows into the teacher's. */
  public NDArray pairLoss(NDArray student, NDArray teacher) {
    return pairTerm(0, student, teacher.stopGradient(), false);
  }

  @Override
  protected NDArray pairTerm(int pair, NDArray student, NDArray teacher, boolean training) {
    NDArray[] aligned = SpatialAlignment.align(student, teacher);
    NDArray s = channelVectors(aligned[0]);
    NDArray t = channelVectors(aligned[1]);
    return meanKernel(t, t).add(meanKernel(s, s)).sub(Scalars.times(meanKernel(s, t), 2f));
  }

  private static NDArray channelVectors(NDArray feature) {
    return feature
        .reshape(feature.getShape().get(0), feature.getShape().get(1), -1)
        .normalize(2, 2, NORMALIZE_EPS);
  }

  /** mean over (b, i, j) of (a_bj · b_bi)², a: (B, Ca, HW), b: (B, Cb, HW). */
  private static NDArray meanKernel(NDArray a, NDArray b) {
    return b.matMul(a.transpose(0, 2, 1)).square().mean();
  }
}
