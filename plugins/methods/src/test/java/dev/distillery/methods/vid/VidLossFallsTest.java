package dev.distillery.methods.vid;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.distillery.spi.MethodSetup;
import dev.distillery.testkit.FeatureDescent;
import dev.distillery.testkit.FeatureTestBatches;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Plain gradient descent (learning rate 5, the loss being a mean over every element) on a trainable
 * student feature (4 × 4 × 8 × 8) together with the method's regressor and log-scale (they train
 * with the student in a distill stage), against a fixed post-ReLU teacher feature of more channels
 * and half the size (4 × 8 × 4 × 4), lowers the vid loss without rising by more than 1% in any of
 * 60 steps and leaves it below 0.85 × its start; the teacher feature receives no gradient.
 * (Parameter gradients accumulate in DJL, so the test zeroes them after each update.)
 */
public class VidLossFallsTest {

  private static final int STEPS = 60;
  private static final float LEARNING_RATE = 5f;

  @Test
  void gradientStepsReduceTheLoss() {
    try (NDManager manager = NDManager.newBaseManager()) {
      manager.getEngine().setRandomSeed(1905);
      NDArray student = manager.randomNormal(new Shape(4, 4, 8, 8));
      NDArray teacher = manager.randomNormal(new Shape(4, 8, 4, 4)).mul(3f).maximum(0f);
      teacher.setRequiresGradient(true);
      VidLoss loss =
          (VidLoss)
              new VidMethod()
                  .create(
                      new VidOptions(List.of("layer1"), List.of("layer1"), null),
                      new MethodSetup(
                          FeatureTestBatches.network("teacher", "layer1", new Shape(8, 4, 4)),
                          FeatureTestBatches.network("student", "layer1", new Shape(4, 8, 8)),
                          manager));
      VidRegressor regressor = loss.regressors().get(0);
      List<NDArray> weights = new ArrayList<>();
      for (Parameter parameter : regressor.convWeights()) {
        weights.add(parameter.getArray());
      }
      weights.add(regressor.logScale().getArray());

      float[] losses =
          FeatureDescent.run(
              manager,
              loss,
              "layer1",
              student,
              teacher,
              weights,
              LEARNING_RATE,
              LEARNING_RATE,
              STEPS);
      assertThat(losses[0]).isGreaterThan(1f);
      for (int step = 1; step <= STEPS; step++) {
        assertThat(losses[step]).as("step " + step).isLessThan(1.01f * losses[step - 1]);
      }
      assertThat(losses[STEPS]).isLessThan(0.85f * losses[0]);
      assertThat(teacher.getGradient().abs().sum().getFloat()).isZero();
    }
  }
}
