package dev.distillery.methods.crd;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.TrainingStep;
import dev.distillery.testkit.FeatureTestBatches;
import dev.distillery.testkit.SgdSteps;
import org.junit.jupiter.api.Test;

/**
 * A few plain gradient-descent steps on a trainable student feature (8 × 12), through the method's
 * own embeddings, memory updates and default sampler (negatives of other classes), against a fixed
 * teacher feature of another size (8 × 20) bring the crd loss well under its start; the teacher
 * feature receives no gradient.
 */
public class CrdLossFallsTest {

  @Test
  void gradientStepsReduceTheLoss() {
    try (NDManager manager = NDManager.newBaseManager()) {
      manager.getEngine().setRandomSeed(1910);
      int[] labels = new int[64];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = i % 4;
      }
      NDArray student = manager.randomNormal(new Shape(8, 12));
      NDArray teacher = manager.randomNormal(new Shape(8, 20));
      teacher.setRequiresGradient(true);
      CrdLoss loss =
          new CrdMethod()
              .create(
                  new CrdOptions(null, null, 16, 16, null, null, null, null),
                  new MethodSetup(
                      FeatureTestBatches.network("teacher", "pool", new Shape(20)),
                      FeatureTestBatches.network("student", "pool", new Shape(12)),
                      manager,
                      labels),
                  null);
      TrainingStep step = new TrainingStep(0, 1, new int[] {0, 9, 18, 27, 36, 45, 54, 63});

      SgdSteps.Result result =
          SgdSteps.run(
              student,
              40,
              0.5f,
              s -> loss.compute(FeatureTestBatches.batch("pool", s, teacher, step)));

      System.out.printf("crd loss %.5f -> %.5f%n", result.first(), result.last());
      assertThat(result.first()).isPositive();
      assertThat(result.last()).isLessThan(0.7f * result.first());
      assertThat(teacher.getGradient().abs().sum().getFloat()).isZero();
    }
  }
}
