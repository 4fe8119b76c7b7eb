package dev.distillery.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.distillery.spi.DistillationBatch;
import dev.distillery.spi.Network;
import dev.distillery.spi.Scalars;
import dev.distillery.spi.TrainingStep;
import dev.distillery.spi.UserException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A loss that a Java {@code Double} promoted to a float64 scalar ({@code mean().mul(beta)}) is
 * refused on the first step, naming the stage, the loss and the fix ({@link Scalars#times}): DJL
 * frees the number's tensor before the backward pass reads it, so its gradient could be corrupted.
 * The same loss written with {@link Scalars} passes, and its gradients are float32.
 */
class PromotedScalarLossIsRefusedTest {

  private static final Double BETA = 0.7;

  @Test
  void aFloat64ScalarIsCaughtWithTheFix() {
    Function<DistillationBatch, NDArray> promoted =
        batch -> batch.studentLogits().sub(batch.teacherLogits()).square().mean().mul(BETA);
    assertThatThrownBy(() -> step(promoted))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith("stage 'student-kd': losses[0] (uses: my-loss) returned a float64")
        .hasMessageContaining("a loss must be a float32 scalar")
        .hasMessageContaining("Scalars.times(x, beta)");
  }

  @Test
  void theSameLossWithScalarsGivesFloat32Gradients() {
    Function<DistillationBatch, NDArray> float32 =
        batch ->
            Scalars.times(batch.studentLogits().sub(batch.teacherLogits()).square().mean(), BETA);
    assertThat(step(float32)).as("largest gradient entry").isGreaterThan(1e-4);
  }

  /** One step of a fresh student; the largest absolute gradient entry it receives. */
  private static double step(Function<DistillationBatch, NDArray> compute) {
    try (NDManager manager = NDManager.newBaseManager()) {
      Network student = TinyDistillation.network("student", manager, 1);
      Network teacher = TinyDistillation.network("teacher", manager, 2);
      teacher.block().freezeParameters(true);
      DistillationObjective objective =
          TinyDistillation.objective("student-kd", "my-loss", compute, student, teacher, manager);
      double largest = 0;
      try (NDManager step = manager.newSubManager()) {
        try (ThreadGradientCollector collector = new ThreadGradientCollector()) {
          var losses =
              objective.losses(
                  TinyDistillation.images(step, 8, 3),
                  TinyDistillation.labels(step, 8),
                  true,
                  TrainingStep.none(8));
          assertThat(losses.total().getDataType()).isEqualTo(DataType.FLOAT32);
          collector.backward(losses.total());
        }
        for (var parameter : student.block().getParameters()) {
          NDArray gradient = parameter.getValue().getArray().getGradient();
          assertThat(gradient.getDataType()).isEqualTo(DataType.FLOAT32);
          for (float value : gradient.toFloatArray()) {
            largest = Math.max(largest, Math.abs(value));
          }
        }
      }
      return largest;
    }
  }
}
