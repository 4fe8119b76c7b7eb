package dev.distillery.pipeline;

/**
 * Places a problem found after a pipeline was loaded (e.g. by a stage's preflight) at the line and
 * column of the stage option it is about, wherever that option was written (the stage's {@code
 * with:} or the pipeline's {@code defaults:}).
 */
@FunctionalInterface
public interface ProblemLocator {

  /**
   * The problem at an option of a stage.
   *
   * @param stageId the stage the problem is about
   * @param option a JSON pointer into the stage's options ({@code /losses/1}); empty for the stage
   *     itself (its key)
   * @param message what is wrong and how to fix it
   */
  PipelineProblem locate(String stageId, String option, String message);

  /** For pipelines not read from a file: every problem at line 1, column 1 of {@code source}. */
  static ProblemLocator startOf(String source) {
    return (stageId, option, message) -> new PipelineProblem(source, 1, 1, message);
  }
}
