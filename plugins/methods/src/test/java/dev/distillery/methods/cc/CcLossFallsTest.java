package dev.distillery.methods.cc;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.distillery.spi.MethodSetup;
import dev.distillery.testkit.FeatureTestBatches;
import dev.distillery.testkit.SgdSteps;
import org.junit.jupiter.api.Test;

/**
 * A few plain gradient-descent steps on a trainable student feature (8 × 16), through the method's
 * own embeddings, against a fixed teacher feature of another size (8 × 32) bring the cc loss under
 * half its start; the teacher feature receives no gradient.
 */
public class CcLossFallsTest {

  @Test
  void gradientStepsReduceTheLoss() {
    try (NDManager manager = NDManager.newBaseManager()) {
      manager.getEngine().setRandomSeed(1904);
      NDArray student = manager.randomNormal(new Shape(8, 16));
      NDArray teacher = manager.randomNormal(new Shape(8, 32));
      teacher.setRequiresGradient(true);
      CcLoss loss =
          (CcLoss)
              new CcMethod()
                  .create(
                      CcOptions.defaults(),
                      new MethodSetup(
                          FeatureTestBatches.network("teacher", "pool", new Shape(32)),
                          FeatureTestBatches.network("student", "pool", new Shape(16)),
                          manager));

      SgdSteps.Result result =
          SgdSteps.run(
              student, 40, 0.5f, s -> loss.compute(FeatureTestBatches.batch("pool", s, teacher)));

      System.out.printf("cc loss %.5f -> %.5f%n", result.first(), result.last());
      assertThat(result.first()).isPositive();
      assertThat(result.last()).isLessThan(0.5f * result.first());
      assertThat(teacher.getGradient().abs().sum().getFloat()).isZero();
    }
  }
}
