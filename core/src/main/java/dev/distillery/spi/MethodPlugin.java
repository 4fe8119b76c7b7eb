package dev.distillery.spi;

/**
 * A distillation method: a loss over the student's and the teacher's outputs and features, e.g.
 * {@code kd}. Used by stages that distil (the {@code distill} stage), one or several per stage,
 * each with a weight.
 *
 * @param <O> the method's typed options (temperature, feature points, ...)
 */
public interface MethodPlugin<O> extends Plugin<O> {

  /**
   * Creates the loss for one student/teacher pair. Called once per stage before training; shape
   * mismatches the method can't bridge are reported here with a {@link UserException} naming both
   * feature points and their shapes.
   */
  DistillationLoss create(O options, MethodSetup setup);

  /**
   * The loss weight used when a pipeline gives none, as in the method's reference training script
   * (e.g. {@code 0.9} for KD, the α of RepDistiller).
   */
  default double defaultWeight() {
    return 1.0;
  }
}
