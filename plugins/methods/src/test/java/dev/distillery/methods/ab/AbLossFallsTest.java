package dev.distillery.methods.ab;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.distillery.spi.MethodSetup;
import dev.distillery.testkit.FeatureDescent;
import dev.distillery.testkit.FeatureTestBatches;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Plain gradient descent on a trainable student pre-activation feature (4 × 4 × 8 × 8, learning
 * rate 500: the loss is scaled by 3/1000/B) together with the method's connector (1×1 convolution +
 * BatchNorm, learning rate 1; they train with the student), against a fixed teacher pre-activation
 * of more channels (4 × 8 × 8 × 8), brings the ab loss under a quarter of its start in 40 steps
 * without rising by more than 1% in any step; the teacher feature receives no gradient.
 */
public class AbLossFallsTest {

  private static final int STEPS = 40;
  private static final float LEARNING_RATE = 1f;
  private static final float FEATURE_LEARNING_RATE = 500f;

  @Test
  void gradientStepsReduceTheLoss() {
    try (NDManager manager = NDManager.newBaseManager()) {
      manager.getEngine().setRandomSeed(1811);
      NDArray student = manager.randomNormal(new Shape(4, 4, 8, 8));
      NDArray teacher = manager.randomNormal(new Shape(4, 8, 8, 8));
      teacher.setRequiresGradient(true);
      AbLoss loss =
          (AbLoss)
              new AbMethod()
                  .create(
                      new AbOptions(List.of("layer1.pre"), List.of("layer1.pre"), null),
                      new MethodSetup(
                          FeatureTestBatches.network("teacher", "layer1.pre", new Shape(8, 8, 8)),
                          FeatureTestBatches.network("student", "layer1.pre", new Shape(4, 8, 8)),
                          manager));
      AbConnector connector = loss.connectors().get(0);
      assertThat(loss.trainableBlocks()).containsExactly(connector);
      List<NDArray> weights =
          List.of(
              connector.convWeight().getArray(),
              connector.convBias().getArray(),
              connector.normGamma().getArray(),
              connector.normBeta().getArray());

      float[] losses =
          FeatureDescent.run(
              manager,
              loss,
              "layer1.pre",
              student,
              teacher,
              weights,
              LEARNING_RATE,
              FEATURE_LEARNING_RATE,
              STEPS);
      assertThat(losses[0]).isPositive();
      for (int step = 1; step <= STEPS; step++) {
        assertThat(losses[step]).as("step " + step).isLessThan(1.01f * losses[step - 1]);
      }
      assertThat(losses[STEPS]).isLessThan(0.25f * losses[0]);
      assertThat(teacher.getGradient().abs().sum().getFloat()).isZero();
    }
  }
}
