package dev.distillery.methods;

import ai.djl.ndarray.NDArray;
import dev.distillery.spi.DistillationBatch;
import dev.distillery.spi.DistillationLoss;

/**
 * Hinton et al. 2015, as RepDistiller's {@code DistillKL} computes it:
 *
 * <pre>
 * L = T² / B · Σ_b Σ_c p_t(c) · (log p_t(c) − log p_s(c)),   p = softmax(logits / T)
 * </pre>
 *
 * that is {@code F.kl_div(log_softmax(s/T), softmax(t/T), size_average=False) · T² / B}. Log
 * probabilities come from log-softmax, so large logits are stable; the teacher term is detached.
 */
public final class KnowledgeDistillationLoss implements DistillationLoss {

  private final float temperature;

  public KnowledgeDistillationLoss(double temperature) {
    this.temperature = (float) temperature;
  }

  @Override
  public String name() {
    return "kd";
  }

  @Override
  public NDArray compute(DistillationBatch batch) {
    return compute(batch.studentLogits(), batch.teacherLogits());
  }

  /** The loss for student and teacher logits of shape (B, C). */
  public NDArray compute(NDArray studentLogits, NDArray teacherLogits) {
    long batchSize = studentLogits.getShape().get(0);
    NDArray logStudent = studentLogits.div(temperature).logSoftmax(1);
    NDArray logTeacher = teacherLogits.stopGradient().div(temperature).logSoftmax(1);
    NDArray teacher = logTeacher.exp();
    return teacher.mul(logTeacher.sub(logStudent)).sum().mul(temperature * temperature / batchSize);
  }
}
