package dev.distillery.spi;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Mistakes a stage plugin found in its options, each tied to the option it is about, so that the
 * engine can report them at their line and column in the pipeline file.
 */
public class StageOptionProblems extends UserException {

  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public StageOptionProblems(List<Problem> problems) {
    super(format(problems));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }

  /**
   * One mistake.
   *
   * @param option a JSON pointer into the stage's options, e.g. {@code /losses/1}; empty for the
   *     stage as a whole
   * @param message what is wrong, the bad value, and how to fix it
   */
  public record Problem(String option, String message) {}

  private static String format(List<Problem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("StageOptionProblems needs at least one problem");
    }
    return problems.stream().map(Problem::message).collect(Collectors.joining("; "));
  }
}
