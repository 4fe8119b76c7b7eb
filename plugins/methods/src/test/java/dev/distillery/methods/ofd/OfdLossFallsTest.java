package dev.distillery.methods.ofd;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.BatchNorm;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.Network;
import dev.distillery.testkit.FeatureDescent;
import dev.distillery.testkit.FeatureTestBatches;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Plain gradient descent on a trainable student pre-ReLU feature (4 × 4 × 8 × 8, learning rate 100:
 * the loss is scaled by 1/1000/B) together with the method's connector (1×1 convolution +
 * BatchNorm, learning rate 0.5; they train with the student), against a fixed teacher pre-ReLU
 * feature of more channels (4 × 8 × 8 × 8) whose batch norm has γ 1 and β from −1 to 1, brings the
 * ofd loss under a quarter of its start in 40 steps without rising by more than 1% in any step; the
 * teacher feature receives no gradient.
 */
public class OfdLossFallsTest {

  private static final int STEPS = 40;
  private static final float LEARNING_RATE = 0.5f;
  private static final float FEATURE_LEARNING_RATE = 100f;

  @Test
  void gradientStepsReduceTheLoss() {
    try (NDManager manager = NDManager.newBaseManager()) {
      manager.getEngine().setRandomSeed(1904);
      NDArray student = manager.randomNormal(new Shape(4, 4, 8, 8));
      NDArray beta = manager.linspace(-1f, 1f, 8);
      NDArray teacher = manager.randomNormal(new Shape(4, 8, 8, 8)).add(beta.reshape(1, 8, 1, 1));
      teacher.setRequiresGradient(true);
      BatchNorm norm = BatchNorm.builder().build();
      norm.initialize(manager, DataType.FLOAT32, new Shape(1, 8, 1, 1));
      norm.getParameters().get("beta").getArray().set(beta.toFloatArray());
      Network plain = FeatureTestBatches.network("teacher", "layer1.pre", new Shape(8, 8, 8));
      Network teacherNetwork =
          new Network(
              plain.architecture(),
              plain.block(),
              plain.input(),
              plain.featurePoints(),
              0,
              Map.of("layer1.pre", norm));
      OfdLoss loss =
          (OfdLoss)
              new OfdMethod()
                  .create(
                      new OfdOptions(List.of("layer1.pre"), List.of("layer1.pre")),
                      new MethodSetup(
                          teacherNetwork,
                          FeatureTestBatches.network("student", "layer1.pre", new Shape(4, 8, 8)),
                          manager));
      OfdConnector connector = loss.connectors().get(0);
      assertThat(loss.trainableBlocks()).containsExactly(connector);
      List<NDArray> weights =
          List.of(
              connector.convWeight().getArray(),
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
