package dev.distillery.pipeline;

import dev.distillery.spi.UserException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A pipeline file with mistakes. The message has one line per problem, {@code file:line:col:
 * message}, in file order.
 */
public class PipelineValidationException extends UserException {

  private static final long serialVersionUID = 1L;

  private final transient List<PipelineProblem> problems;

  public PipelineValidationException(List<PipelineProblem> problems) {
    super(format(problems));
    this.problems = List.copyOf(problems);
  }

  /** The problems, then a last line saying what they mean for the run. */
  public PipelineValidationException(List<PipelineProblem> problems, String conclusion) {
    super(format(problems) + "\n" + conclusion);
    this.problems = List.copyOf(problems);
  }

  /** The problems, in file order (line, then column). */
  public List<PipelineProblem> problems() {
    return problems;
  }

  private static String format(List<PipelineProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a validation exception needs at least one problem");
    }
    return problems.stream().map(PipelineProblem::toString).collect(Collectors.joining("\n"));
  }
}
