package dev.distillery.spi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * One training batch as a distillation loss sees it.
 *
 * @param student the student network
 * @param studentOutputs the student's forward outputs (features..., logits), with gradient
 * @param teacher the teacher network
 * @param teacherOutputs the teacher's forward outputs (features..., logits), detached
 * @param labels the class labels, int32 of shape (batch)
 * @param training true during training, false during validation
 */
public record DistillationBatch(
    Network student,
    NDList studentOutputs,
    Network teacher,
    NDList teacherOutputs,
    NDArray labels,
    boolean training) {

  public NDArray studentLogits() {
    return student.logits(studentOutputs);
  }

  public NDArray teacherLogits() {
    return teacher.logits(teacherOutputs);
  }
}
