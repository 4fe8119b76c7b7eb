package dev.distillery.methods.sp;

import ai.djl.ndarray.NDArray;
import dev.distillery.spi.DistillationBatch;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.Scalars;

/**
 * Similarity-preserving knowledge distillation (Tung & Mori, ICCV 2019) as RepDistiller's {@code
 * Similarity}:
 *
 * <pre>
 *   G = normalize_rows(F · Fᵀ),  F = feature viewed as (B, −1)      (B × B, rows L2-normalised)
 *   loss = ‖G_t − G_s‖²_F / B²
 * </pre>
 *
 * <p>Only the B × B similarity matrices meet, so the two features may have any shapes.
 */
public final class SpLoss implements DistillationLoss {

  private static final double NORMALIZE_EPS = 1e-12;

  private final String studentFeature;
  private final String teacherFeature;

  public SpLoss(SpOptions options) {
    this.studentFeature = options.studentFeature();
    this.teacherFeature = options.teacherFeature();
  }

  @Override
  public String name() {
    return "sp";
  }

  @Override
  public NDArray compute(DistillationBatch batch) {
    return compute(batch.studentFeature(studentFeature), batch.teacherFeature(teacherFeature));
  }

  /**
   * The loss for a student and a teacher feature of the same batch; the teacher gets no gradient.
   */
  public NDArray compute(NDArray student, NDArray teacher) {
    long batchSize = student.getShape().get(0);
    NDArray difference = similarity(teacher.stopGradient()).sub(similarity(student));
    return Scalars.divided(difference.square().sum(), (float) (batchSize * batchSize));
  }

  private static NDArray similarity(NDArray feature) {
    NDArray rows = feature.reshape(feature.getShape().get(0), -1);
    return rows.matMul(rows.transpose()).normalize(2, 1, NORMALIZE_EPS);
  }
}
