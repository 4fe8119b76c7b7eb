package dev.distillery.methods.dkd;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.distillery.spi.DistillationBatch;
import dev.distillery.spi.TrainingStep;
import dev.distillery.testkit.SgdSteps;
import dev.distillery.testkit.TestNetworks;
import org.junit.jupiter.api.Test;

/**
 * A few plain gradient-descent steps on trainable student logits (8 × 10) against fixed teacher
 * logits, after the warm-up (epoch 30), bring the dkd loss under half its start; the teacher
 * receives no gradient.
 */
public class DkdLossFallsTest {

  @Test
  void gradientStepsReduceTheLoss() {
    try (NDManager manager = NDManager.newBaseManager()) {
      manager.getEngine().setRandomSeed(2203);
      NDArray student = manager.randomNormal(new Shape(8, 10)).mul(2f);
      NDArray teacher = manager.randomNormal(new Shape(8, 10)).mul(3f);
      teacher.setRequiresGradient(true);
      NDArray labels = manager.create(new int[] {0, 1, 2, 3, 4, 5, 6, 7});
      TrainingStep step = new TrainingStep(29, 240, new int[] {0, 1, 2, 3, 4, 5, 6, 7});
      DkdLoss loss = new DkdLoss(DkdOptions.defaults());

      SgdSteps.Result result =
          SgdSteps.run(
              student,
              40,
              0.5f,
              s ->
                  loss.compute(
                      new DistillationBatch(
                          TestNetworks.logitsOnly("student", 10),
                          new NDList(s),
                          TestNetworks.logitsOnly("teacher", 10),
                          new NDList(teacher),
                          labels,
                          true,
                          step)));

      System.out.printf("dkd loss %.5f -> %.5f%n", result.first(), result.last());
      assertThat(labels.getDataType()).isEqualTo(DataType.INT32);
      assertThat(result.first()).isPositive();
      assertThat(result.last()).isLessThan(0.5f * result.first());
      assertThat(teacher.getGradient().abs().sum().getFloat()).isZero();
    }
  }
}
