package dev.distillery.methods.fitnet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.distillery.spi.MethodSetup;
import dev.distillery.testkit.FeatureTestNetworks;
import dev.distillery.testkit.SgdSteps;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A few plain gradient-descent steps on a trainable student feature (8 × 4 × 8 × 8), through the
 * method's own regressor, towards a fixed post-ReLU teacher feature (8 × 8 × 4 × 4) bring the
 * fitnet loss under 85% of its start (the regressor stays fixed here); the teacher feature receives
 * no gradient.
 */
public class FitnetLossFallsTest {

  @Test
  void gradientStepsReduceTheLoss() {
    try (NDManager manager = NDManager.newBaseManager()) {
      manager.getEngine().setRandomSeed(1412);
      NDArray student = manager.randomNormal(new Shape(8, 4, 8, 8));
      NDArray teacher = manager.randomNormal(new Shape(8, 8, 4, 4)).maximum(0f);
      teacher.setRequiresGradient(true);
      FitnetLoss loss =
          (FitnetLoss)
              new FitnetMethod()
                  .create(
                      FitnetOptions.defaults(),
                      new MethodSetup(
                          FeatureTestNetworks.withFeatures(
                              "teacher", Map.of("layer2", new Shape(8, 4, 4))),
                          FeatureTestNetworks.withFeatures(
                              "student", Map.of("layer2", new Shape(4, 8, 8))),
                          manager));

      SgdSteps.Result result = SgdSteps.run(student, 40, 5f, s -> loss.compute(s, teacher, true));

      System.out.printf("fitnet loss %.5f -> %.5f%n", result.first(), result.last());
      assertThat(result.first()).isPositive();
      assertThat(result.last()).isLessThan(0.85f * result.first());
      assertThat(teacher.getGradient().abs().sum().getFloat()).isZero();
    }
  }
}
