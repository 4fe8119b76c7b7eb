package dev.distillery.methods.at;

import ai.djl.ndarray.NDArray;
import dev.distillery.methods.FeaturePairLoss;
import dev.distillery.methods.SpatialAlignment;
import dev.distillery.spi.Scalars;

/**
 * Attention transfer (Zagoruyko & Komodakis, ICLR 2017) as RepDistiller's {@code Attention}, summed
 * over the feature pairs as its training loop does ({@link FeaturePairLoss}):
 *
 * <pre>
 *   a(f) = normalize_L2( mean_c f^p  viewed as (B, H·W) )     (per image)
 *   loss = Σ_pairs mean_{b, hw} (a(f_s) − a(f_t))²
 * </pre>
 *
 * <p>Maps of different spatial sizes are first average-pooled to the smaller one ({@link
 * SpatialAlignment}); channel counts may differ (they are averaged away).
 */
public final class AtLoss extends FeaturePairLoss {

  /** {@code F.normalize}'s default eps. */
  private static final double NORMALIZE_EPS = 1e-12;

  private final float p;

  public AtLoss(AtOptions options) {
    super("at", options.studentFeatures(), options.teacherFeatures());
    this.p = options.p().floatValue();
  }

  /** The loss of one pair of feature maps (B, C, H, W); no gradient flows into the teacher's. */
  public NDArray pairLoss(NDArray student, NDArray teacher) {
    return pairTerm(0, student, teacher.stopGradient(), false);
  }

  @Override
  protected NDArray pairTerm(int pair, NDArray student, NDArray teacher, boolean training) {
    NDArray[] aligned = SpatialAlignment.align(student, teacher);
    return attention(aligned[0]).sub(attention(aligned[1])).square().mean();
  }

  private NDArray attention(NDArray feature) {
    long batchSize = feature.getShape().get(0);
    return Scalars.power(feature, p)
        .mean(new int[] {1})
        .reshape(batchSize, -1)
        .normalize(2, 1, NORMALIZE_EPS);
  }
}
