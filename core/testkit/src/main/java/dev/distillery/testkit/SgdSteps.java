package dev.distillery.testkit;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.function.Function;

/** Plain gradient descent on one trainable tensor, for the "loss falls" tests. */
public final class SgdSteps {

  /**
   * The loss at the start and after the last step.
   *
   * @param first the loss of the starting tensor
   * @param last the loss after the last step
   */
  public record Result(float first, float last) {}

  private SgdSteps() {}

  /**
   * Runs {@code steps} steps of {@code x ← x − lr · ∂loss/∂x} from {@code start} (the loss of the
   * final x is {@code last}); each step lives in its own sub-manager.
   */
  public static Result run(NDArray start, int steps, float lr, Function<NDArray, NDArray> lossOf) {
    NDManager manager = start.getManager();
    float[] values = start.toFloatArray();
    float first = Float.NaN;
    for (int step = 0; step <= steps; step++) {
      try (NDManager scope = manager.newSubManager()) {
        NDArray x = scope.create(values, start.getShape());
        x.setRequiresGradient(true);
        float value;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          NDArray loss = lossOf.apply(x);
          value = loss.getFloat();
          if (step < steps) {
            collector.backward(loss);
          }
        }
        if (step == 0) {
          first = value;
        }
        if (step == steps) {
          return new Result(first, value);
        }
        values = x.sub(x.getGradient().mul(lr)).toFloatArray();
      }
    }
    throw new AssertionError("unreachable");
  }
}
