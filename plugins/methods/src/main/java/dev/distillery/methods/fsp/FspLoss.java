package dev.distillery.methods.fsp;

import ai.djl.ndarray.NDArray;
import dev.distillery.methods.SpatialAlignment;
import dev.distillery.spi.DistillationBatch;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.Scalars;
import java.util.ArrayList;
import java.util.List;

/**
 * Flow of solution procedure (Yim et al. CVPR 2017) as RepDistiller's {@code FSP}, summed over the
 * consecutive pairs as its {@code helper/pretrain.py} does:
 *
 * <pre>
 *   G(f_i, f_{i+1})[b, c2, c1] = mean_{h,w} f_{i+1}[b, c2, h, w] · f_i[b, c1, h, w]
 *       (the map of larger height first average-pooled to the other's square size)
 *   loss = Σ_i mean over (b, c2, c1) of (G_s,i − G_t,i)²
 * </pre>
 *
 * <p>Channel counts are checked at creation ({@link FspMethod}); the teacher's features are
 * detached.
 */
public final class FspLoss implements DistillationLoss {

  private final FspOptions options;

  public FspLoss(FspOptions options) {
    this.options = options;
  }

  @Override
  public String name() {
    return "fsp";
  }

  @Override
  public NDArray compute(DistillationBatch batch) {
    List<NDArray> student = new ArrayList<>();
    List<NDArray> teacher = new ArrayList<>();
    for (String point : options.studentFeatures()) {
      student.add(batch.studentFeature(point));
    }
    for (String point : options.teacherFeatures()) {
      teacher.add(batch.teacherFeature(point));
    }
    return compute(student, teacher);
  }

  /**
   * The loss for student feature maps (with gradient) and teacher feature maps (detached here), in
   * order.
   */
  public NDArray compute(List<NDArray> student, List<NDArray> teacher) {
    NDArray total = null;
    for (int i = 0; i + 1 < student.size(); i++) {
      NDArray difference =
          fsp(student.get(i), student.get(i + 1))
              .sub(fsp(teacher.get(i).stopGradient(), teacher.get(i + 1).stopGradient()));
      NDArray term = difference.square().mean();
      total = total == null ? term : total.add(term);
    }
    return total;
  }

  /** The FSP matrix (B, C_top, C_bottom) of two consecutive feature maps. */
  static NDArray fsp(NDArray bottom, NDArray top) {
    NDArray[] aligned = SpatialAlignment.align(bottom, top);
    NDArray bot = aligned[0];
    NDArray up = aligned[1];
    long batch = bot.getShape().get(0);
    long positions = bot.getShape().get(2) * bot.getShape().get(3);
    NDArray botFlat = bot.reshape(batch, bot.getShape().get(1), positions);
    NDArray topFlat = up.reshape(batch, up.getShape().get(1), positions);
    return Scalars.divided(topFlat.matMul(botFlat.transpose(0, 2, 1)), (float) positions);
  }
}
