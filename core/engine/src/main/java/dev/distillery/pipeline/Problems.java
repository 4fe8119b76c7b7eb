package dev.distillery.pipeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the problems of one pipeline file. */
final class Problems {

  private final String source;
  private final List<PipelineProblem> list = new ArrayList<>();

  Problems(String source) {
    this.source = source;
  }

  void add(Position position, String message) {
    PipelineProblem problem =
        new PipelineProblem(source, position.line(), position.column(), message);
    if (!list.contains(problem)) {
      list.add(problem);
    }
  }

  boolean isEmpty() {
    return list.isEmpty();
  }

  int size() {
    return list.size();
  }

  /** Throws the problems found so far, in file order, if there are any. */
  void throwIfAny() {
    if (!list.isEmpty()) {
      List<PipelineProblem> sorted = new ArrayList<>(list);
      sorted.sort(
          Comparator.comparingInt(PipelineProblem::line).thenComparingInt(PipelineProblem::column));
      throw new PipelineValidationException(sorted);
    }
  }

  /** A 1-based line and column. */
  record Position(int line, int column) {

    static final Position START = new Position(1, 1);
  }
}
