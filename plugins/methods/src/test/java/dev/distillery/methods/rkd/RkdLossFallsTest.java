package dev.distillery.methods.rkd;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.distillery.testkit.FeatureTestBatches;
import dev.distillery.testkit.SgdSteps;
import org.junit.jupiter.api.Test;

/**
 * A few plain gradient-descent steps on a trainable student feature (8 × 16) against a fixed
 * teacher feature of another size (8 × 32) bring the rkd loss down to under half its start, and the
 * teacher receives no gradient.
 */
public class RkdLossFallsTest {

  @Test
  void gradientStepsReduceTheLoss() {
    try (NDManager manager = NDManager.newBaseManager()) {
      manager.getEngine().setRandomSeed(1904);
      NDArray student = manager.randomNormal(new Shape(8, 16));
      NDArray teacher = manager.randomNormal(new Shape(8, 32));
      teacher.setRequiresGradient(true);
      RkdLoss loss = new RkdLoss(RkdOptions.defaults());

      SgdSteps.Result result =
          SgdSteps.run(
              student, 40, 0.5f, s -> loss.compute(FeatureTestBatches.batch("pool", s, teacher)));

      System.out.printf("rkd loss %.5f -> %.5f%n", result.first(), result.last());
      assertThat(result.first()).isPositive();
      assertThat(result.last()).isLessThan(0.5f * result.first());
      assertThat(teacher.getGradient().abs().sum().getFloat()).isZero();
    }
  }
}
