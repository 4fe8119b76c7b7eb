package dev.distillery.spi;

import java.util.List;

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

  /**
   * Other stages of the pipeline whose results the method uses, as its options name them (e.g.
   * {@code ft}'s {@code paraphraser: <stage id>}). The distilling stage checks before the run that
   * each named stage exists, uses the required stage plugin and is in its {@code needs}, and hands
   * the results of the stages it needs to {@link #create} through {@link MethodSetup#upstream()}.
   */
  default List<StageReference> stageReferences(O options) {
    return List.of();
  }

  /**
   * A stage named in a method's options.
   *
   * @param option the option that names it, as written in the pipeline (e.g. {@code paraphraser})
   * @param stageId the stage id it names
   * @param uses the stage plugin that stage must use (e.g. {@code pretrain-paraphraser})
   * @param example the body of such a stage for error messages: its {@code uses}, {@code needs} and
   *     {@code with} lines, indented by four spaces; {@code {teacher}} in it stands for the
   *     distilling stage's teacher stage id
   */
  record StageReference(String option, String stageId, String uses, String example) {}
}
