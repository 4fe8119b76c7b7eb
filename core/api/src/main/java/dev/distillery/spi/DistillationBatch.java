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
 * @param step the epoch and the training-split indices of the batch's images
 */
public record DistillationBatch(
    Network student,
    NDList studentOutputs,
    Network teacher,
    NDList teacherOutputs,
    NDArray labels,
    boolean training,
    TrainingStep step) {

  public NDArray studentLogits() {
    return student.logits(studentOutputs);
  }

  public NDArray teacherLogits() {
    return teacher.logits(teacherOutputs);
  }

  /** A named feature point of the student (with gradient). */
  public NDArray studentFeature(String name) {
    return student.feature(studentOutputs, name);
  }

  /** A named feature point of the teacher (detached). */
  public NDArray teacherFeature(String name) {
    return teacher.feature(teacherOutputs, name);
  }
}
