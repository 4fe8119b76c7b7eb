package dev.distillery.methods.at;

import ai.djl.ndarray.NDArray;
import dev.distillery.methods.SpatialAlignment;
import dev.distillery.spi.DistillationBatch;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.Scalars;
import java.util.List;

/**
 * Attention transfer (Zagoruyko & Komodakis, ICLR 2017) as RepDistiller's {@code Attention}, summed
 * over the feature pairs as its training loop does:
 *
 * <pre>
 *   a(f) = normalize_L2( mean_c f^p  viewed as (B, H·W) )     (per image)
 *   loss = Σ_pairs mean_{b, hw} (a(f_s) − a(f_t))²
 * </pre>
 *
 * <p>Maps of different spatial sizes are first average-pooled to the smaller one ({@link
 * SpatialAlignment}); channel counts may differ (they are averaged away).
 */
public final class AtLoss implements DistillationLoss {

  /** {@code F.normalize}'s default eps. */
  private static final double NORMALIZE_EPS = 1e-12;

  private final List<String> studentFeatures;
  private final List<String> teacherFeatures;
  private final float p;

  public AtLoss(AtOptions options) {
    this.studentFeatures = options.studentFeatures();
    this.teacherFeatures = options.teacherFeatures();
    this.p = options.p().floatValue();
  }

  @Override
  public String name() {
    return "at";
  }

  @Override
  public NDArray compute(DistillationBatch batch) {
    NDArray total = null;
    for (int i = 0; i < studentFeatures.size(); i++) {
      NDArray term =
          pairLoss(
              batch.studentFeature(studentFeatures.get(i)),
              batch.teacherFeature(teacherFeatures.get(i)));
      total = total == null ? term : total.add(term);
    }
    return total;
  }

  /** The loss of one pair of feature maps (B, C, H, W); no gradient flows into the teacher's. */
  public NDArray pairLoss(NDArray student, NDArray teacher) {
    NDArray[] aligned = SpatialAlignment.align(student, teacher.stopGradient());
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
