package dev.distillery.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.distillery.spi.DistillationBatch;
import dev.distillery.spi.Network;
import dev.distillery.spi.TrainingStep;
import dev.distillery.spi.UserException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A loss value that is not a floating scalar stops the distill objective with one line naming the
 * stage, {@code losses[i] (uses: id)}, what it returned and the fix; a one-element array of shape
 * (1) is a scalar.
 */
class LossContractMessagesTest {

  @Test
  void anUnreducedLossNamesItsShapeAndTheFix() {
    assertThatThrownBy(
            () -> losses(batch -> batch.studentLogits().sub(batch.teacherLogits()).square()))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "stage 'student-kd': losses[0] (uses: my-loss) returned a float32 tensor of shape"
                + " (8, 10); a loss must be a float32 scalar: reduce it (e.g. .mean())");
  }

  @Test
  void anUnreducedFloat64LossNamesItsType() {
    assertThatThrownBy(() -> losses(batch -> batch.studentLogits().toType(DataType.FLOAT64, false)))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith(
            "stage 'student-kd': losses[0] (uses: my-loss) returned a float64 tensor of shape"
                + " (8, 10);");
  }

  @Test
  void anIntegerLossIsRefused() {
    assertThatThrownBy(() -> losses(batch -> batch.labels().sum()))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "stage 'student-kd': losses[0] (uses: my-loss) returned an int64 tensor of shape ();"
                + " a loss must be a float32 scalar: compute it from the networks' float32"
                + " outputs");
  }

  @Test
  void nullIsRefused() {
    assertThatThrownBy(() -> losses(batch -> null))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith("stage 'student-kd': losses[0] (uses: my-loss) returned null;");
  }

  @Test
  void aOneElementArrayIsAScalar() {
    float[] value = losses(batch -> batch.studentLogits().square().mean().reshape(1));
    assertThat(value).hasSize(1);
    assertThat(value[0]).isPositive();
  }

  /** The loss component's values after the objective's checks. */
  private static float[] losses(Function<DistillationBatch, NDArray> compute) {
    try (NDManager manager = NDManager.newBaseManager()) {
      Network student = TinyDistillation.network("student", manager, 1);
      Network teacher = TinyDistillation.network("teacher", manager, 2);
      DistillationObjective objective =
          TinyDistillation.objective("student-kd", "my-loss", compute, student, teacher, manager);
      NDArray component =
          objective
              .losses(
                  TinyDistillation.images(manager, 8, 3),
                  TinyDistillation.labels(manager, 8),
                  true,
                  TrainingStep.none(8))
              .components()
              .get("my-loss");
      assertThat(component.getShape().dimension()).isZero();
      return component.toFloatArray();
    }
  }
}
