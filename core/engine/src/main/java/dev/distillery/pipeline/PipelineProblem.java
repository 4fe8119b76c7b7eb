package dev.distillery.pipeline;

import java.util.Objects;

/**
 * One mistake in a pipeline file, at a 1-based line and column.
 *
 * @param file the file path or source name as given to the loader
 * @param line 1-based line
 * @param column 1-based column
 * @param message what is wrong, the bad value, and what is allowed
 */
public record PipelineProblem(String file, int line, int column, String message) {

  public PipelineProblem {
    Objects.requireNonNull(file, "file is null");
    Objects.requireNonNull(message, "message is null");
  }

  /** {@code file:line:col: message}, the form editors and compilers use. */
  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + message;
  }
}
