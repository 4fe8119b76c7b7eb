package dev.distillery.methods.fsp;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.distillery.testkit.SgdSteps;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A few plain gradient-descent steps on a trainable student feature map (the middle one of three)
 * bring the fsp loss against fixed teacher maps under half its start; the teacher's maps receive no
 * gradient.
 */
public class FspLossFallsTest {

  @Test
  void gradientStepsReduceTheLoss() {
    try (NDManager manager = NDManager.newBaseManager()) {
      manager.getEngine().setRandomSeed(2017);
      NDArray studentFirst = manager.randomNormal(new Shape(4, 4, 8, 8)).maximum(0f);
      NDArray studentMiddle = manager.randomNormal(new Shape(4, 4, 8, 8));
      NDArray studentLast = manager.randomNormal(new Shape(4, 8, 4, 4)).maximum(0f);
      List<NDArray> teacher =
          List.of(
              manager.randomNormal(new Shape(4, 4, 16, 16)).maximum(0f),
              manager.randomNormal(new Shape(4, 4, 16, 16)).maximum(0f),
              manager.randomNormal(new Shape(4, 8, 8, 8)).maximum(0f));
      teacher.forEach(t -> t.setRequiresGradient(true));
      FspLoss loss = new FspLoss(FspOptions.defaults());

      SgdSteps.Result result =
          SgdSteps.run(
              studentMiddle,
              40,
              20f,
              s -> loss.compute(List.of(studentFirst, s, studentLast), teacher));

      System.out.printf("fsp loss %.5f -> %.5f%n", result.first(), result.last());
      assertThat(result.first()).isPositive();
      assertThat(result.last()).isLessThan(0.5f * result.first());
      for (NDArray t : teacher) {
        assertThat(t.getGradient().abs().sum().getFloat()).isZero();
      }
    }
  }
}
