package dev.distillery.testkit;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.distillery.spi.DistillationLoss;
import java.util.List;

/**
 * Plain gradient descent for the tests that check a loss falls: each step computes the loss on a
 * one-feature-point batch, then moves the trainable student feature and the loss's own weights
 * (connector, regressor) against their gradients. DJL accumulates parameter gradients, so the
 * weights' gradients are zeroed after each update.
 */
public final class FeatureDescent {

  private FeatureDescent() {}

  /**
   * The loss before each of {@code steps} updates and after the last ({@code steps + 1} values).
   *
   * @param manager owns the student feature between steps
   * @param point the feature point both networks share in the batch
   * @param student the student feature (B, C, H, W), moved at {@code featureRate}
   * @param teacher the fixed teacher feature
   * @param weights the loss's trainable arrays, moved at {@code weightRate}
   */
  public static float[] run(
      NDManager manager,
      DistillationLoss loss,
      String point,
      NDArray student,
      NDArray teacher,
      List<NDArray> weights,
      float weightRate,
      float featureRate,
      int steps) {
    float[] losses = new float[steps + 1];
    for (int step = 0; step <= steps; step++) {
      student.setRequiresGradient(true);
      try (NDManager scope = manager.newSubManager()) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          NDArray value = loss.compute(FeatureTestBatches.batch(point, student, teacher));
          value.attach(scope);
          losses[step] = value.getFloat();
          collector.backward(value);
        }
        for (NDArray weight : weights) {
          weight.subi(weight.getGradient().mul(weightRate));
          weight.getGradient().subi(weight.getGradient());
        }
        NDArray next = student.sub(student.getGradient().mul(featureRate)).stopGradient();
        next.attach(manager);
        student.attach(scope);
        student = next;
      }
    }
    System.out.printf(
        "%s loss %.5f -> %.5f over %d steps%n", loss.name(), losses[0], losses[steps], steps);
    return losses;
  }
}
