package dev.distillery.methods.dkd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.distillery.spi.DistillationBatch;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.Scalars;
import dev.distillery.spi.UserException;

/**
 * Decoupled knowledge distillation (Zhao et al. CVPR 2022) as mdistiller's {@code dkd_loss} with
 * the warm-up of {@code DKD.forward_train}:
 *
 * <pre>
 *   loss = min(e / warmup, 1) · (α · TCKD + β · NCKD),   e = the 1-based epoch
 *   TCKD = T² / B · Σ_b KL(b_t ‖ b_s),  b = [p_gt, Σ_{c≠gt} p_c],  p = softmax(logits / T)
 *   NCKD = T² / B · Σ_b KL(softmax(t/T − 1000·gt) ‖ softmax(s/T − 1000·gt))
 * </pre>
 *
 * <p>The teacher's logits carry no gradient. mdistiller's trainer counts epochs from 1, so the
 * factor of Distillery's 0-based {@code TrainingStep.epoch()} = k is min((k + 1) / warmup, 1): the
 * first epoch distils at 1/20 of the full loss with the defaults, epoch 20 onwards at the full
 * loss.
 */
public final class DkdLoss implements DistillationLoss {

  private final DkdOptions options;

  public DkdLoss(DkdOptions options) {
    this.options = options;
  }

  @Override
  public String name() {
    return "dkd";
  }

  @Override
  public NDArray compute(DistillationBatch batch) {
    return compute(
        batch.studentLogits(), batch.teacherLogits(), batch.labels(), batch.step().epoch());
  }

  /** The warm-up factor for a 0-based epoch: min((epoch + 1) / warmup-epochs, 1). */
  public double warmupFactor(int epoch) {
    return Math.min((epoch + 1) / (double) options.warmupEpochs(), 1.0);
  }

  /**
   * The loss for student logits (with gradient), teacher logits (both (batch, classes)), the class
   * labels (batch) and the 0-based epoch.
   */
  public NDArray compute(NDArray studentLogits, NDArray teacherLogits, NDArray labels, int epoch) {
    Shape shape = studentLogits.getShape();
    if (shape.dimension() != 2 || !shape.equals(teacherLogits.getShape())) {
      throw new UserException(
          "dkd needs student and teacher logits of the same shape (batch, classes), got student "
              + shape
              + " and teacher "
              + teacherLogits.getShape()
              + "; build both models for the same number of classes");
    }
    int classes = (int) shape.get(1);
    long batchSize = shape.get(0);
    float t = (float) options.temperature().doubleValue();
    float scale = (float) (options.temperature() * options.temperature() / batchSize);

    NDArray student = Scalars.divided(studentLogits, t);
    NDArray teacher = teacherLogits.stopGradient().div(t);
    NDArray target =
        labels
            .reshape(-1)
            .toType(DataType.INT64, false)
            .oneHot(classes)
            .toType(DataType.FLOAT32, false);
    NDArray other = target.neg().add(1f);

    // TCKD: binary distributions (target class, all others) of the softened predictions.
    NDArray studentBinary = binary(student.softmax(1), target, other);
    NDArray teacherBinary = binary(teacher.softmax(1), target, other);
    // kl_div's 0·log 0 = 0: a teacher probability of exactly 0 adds 0 (log of the smallest float).
    NDArray tckd =
        Scalars.times(
            teacherBinary
                .mul(Scalars.atLeast(teacherBinary, Float.MIN_VALUE).log().sub(studentBinary.log()))
                .sum(),
            scale);

    // NCKD: distributions over the non-target classes (the target pushed down by 1000).
    NDArray masked = Scalars.times(target, 1000f);
    NDArray teacherLog = teacher.sub(masked).logSoftmax(1);
    NDArray studentLog = student.sub(masked).logSoftmax(1);
    NDArray nckd = Scalars.times(teacherLog.exp().mul(teacherLog.sub(studentLog)).sum(), scale);

    float alpha = (float) options.alpha().doubleValue();
    float beta = (float) options.beta().doubleValue();
    return Scalars.times(
        Scalars.times(tckd, alpha).add(Scalars.times(nckd, beta)), (float) warmupFactor(epoch));
  }

  private static NDArray binary(NDArray probabilities, NDArray target, NDArray other) {
    return NDArrays.concat(
        new ai.djl.ndarray.NDList(
            probabilities.mul(target).sum(new int[] {1}, true),
            probabilities.mul(other).sum(new int[] {1}, true)),
        1);
  }
}
