package dev.distillery.methods.kd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.distillery.spi.DistillationBatch;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.Scalars;
import dev.distillery.spi.UserException;

/**
 * Knowledge distillation (Hinton et al. 2015) as RepDistiller's {@code DistillKL}: the
 * Kullback-Leibler divergence from the teacher's to the student's softened class distribution,
 * scaled by T² and averaged over the batch:
 *
 * <pre>
 *   loss = T² / B · Σ_b Σ_c p_t · (log p_t − log q_s),
 *   p_t = softmax(teacher logits / T),  log q_s = log_softmax(student logits / T)
 * </pre>
 *
 * <p>Both log-probabilities come from {@code logSoftmax}, so classes whose teacher probability
 * underflows to 0 contribute exactly 0 (never {@code 0 · −∞}). Its gradient with respect to the
 * student logits is {@code T / B · (q_s − p_t)}.
 */
public final class KdLoss implements DistillationLoss {

  private final double temperature;

  public KdLoss(KdOptions options) {
    this.temperature = options.temperature();
  }

  /** The temperature T this loss softens both distributions with. */
  public double temperature() {
    return temperature;
  }

  @Override
  public String name() {
    return "kd";
  }

  @Override
  public NDArray compute(DistillationBatch batch) {
    return compute(batch.studentLogits(), batch.teacherLogits());
  }

  /**
   * The loss for student logits (with gradient) and teacher logits, both of shape (batch, classes);
   * gradients never flow into the teacher's logits.
   */
  public NDArray compute(NDArray studentLogits, NDArray teacherLogits) {
    Shape studentShape = studentLogits.getShape();
    Shape teacherShape = teacherLogits.getShape();
    if (studentShape.dimension() != 2 || !studentShape.equals(teacherShape)) {
      throw new UserException(
          "kd needs student and teacher logits of the same shape (batch, classes), got student "
              + studentShape
              + " and teacher "
              + teacherShape
              + "; build both models for the same number of classes");
    }
    return divergence(studentLogits, teacherLogits.stopGradient(), temperature);
  }

  /**
   * {@code T² / B · KL(softmax(t/T) ‖ softmax(s/T))} summed over classes and averaged over the
   * batch, with gradients to both arguments (callers detach the teacher where it must not learn; an
   * adversarial generator step keeps both). Shapes are not checked.
   */
  public static NDArray divergence(
      NDArray studentLogits, NDArray teacherLogits, double temperature) {
    long batchSize = studentLogits.getShape().get(0);
    // Float scalars: a Double becomes a float64 0-d tensor, and a 0-d float32 sum times a 0-d
    // float64 promotes the loss to float64 (PyTorch promotes among 0-d tensors).
    NDArray teacherLogProbabilities = Scalars.divided(teacherLogits, temperature).logSoftmax(1);
    NDArray teacherProbabilities = teacherLogProbabilities.exp();
    NDArray studentLogProbabilities = Scalars.divided(studentLogits, temperature).logSoftmax(1);
    return Scalars.times(
        teacherProbabilities.mul(teacherLogProbabilities.sub(studentLogProbabilities)).sum(),
        temperature * temperature / batchSize);
  }
}
