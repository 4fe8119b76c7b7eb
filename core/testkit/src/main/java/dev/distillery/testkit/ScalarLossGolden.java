package dev.distillery.testkit;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One golden case of a loss with a single student input: back-propagates the loss, compares its
 * value and the student input's gradient with the case (within {@link Closeness}), prints the
 * figures and records what is not close.
 */
public final class ScalarLossGolden {

  private ScalarLossGolden() {}

  /**
   * @param method the method id, for the printed figures
   * @param goldenCase the case
   * @param student the student input (requires gradient)
   * @param gradientName the case's gradient to compare with, e.g. {@code student_logits}
   * @param loss computes the loss (called inside the gradient collector)
   * @param problems receives one line per value that is not close
   */
  public static void check(
      String method,
      GoldenFile.Case goldenCase,
      NDArray student,
      String gradientName,
      Supplier<NDArray> loss,
      List<String> problems) {
    float value = goldenCase.backward(() -> loss.get());
    problems.addAll(goldenCase.compare(method, value, Map.of(gradientName, student.getGradient())));
  }
}
