package dev.distillery.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.distillery.spi.DistillationBatch;
import dev.distillery.spi.Network;
import dev.distillery.spi.Scalars;
import dev.distillery.spi.TrainingStep;
import dev.distillery.spi.UserException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A loss that is NaN on the first batch stops the distill objective naming the stage and {@code
 * losses[i] (uses: id)}; later batches' values are not read by the objective (that would
 * synchronise every step: the training loop's divergence guard reads the total).
 */
class FirstBatchNonFiniteLossTest {

  private static NDArray nan(DistillationBatch batch) {
    NDArray zero = Scalars.times(batch.studentLogits().mean(), 0);
    return zero.div(zero);
  }

  @Test
  void aNaNOnTheFirstBatchNamesTheLoss() {
    try (NDManager manager = NDManager.newBaseManager()) {
      DistillationObjective objective = objective(FirstBatchNonFiniteLossTest::nan, manager);
      assertThatThrownBy(() -> step(objective, manager))
          .isInstanceOf(UserException.class)
          .hasMessageStartingWith(
              "stage 'student-kd': losses[0] (uses: my-loss) returned NaN on the first batch,"
                  + " before any weight changed; a loss must be finite");
    }
  }

  @Test
  void laterBatchesAreLeftToTheTrainingLoop() {
    AtomicInteger calls = new AtomicInteger();
    Function<DistillationBatch, NDArray> finiteThenNan =
        batch -> calls.getAndIncrement() == 0 ? batch.studentLogits().square().mean() : nan(batch);
    try (NDManager manager = NDManager.newBaseManager()) {
      DistillationObjective objective = objective(finiteThenNan, manager);
      step(objective, manager);
      float total = step(objective, manager);
      assertThat(total).isNaN();
    }
  }

  private static DistillationObjective objective(
      Function<DistillationBatch, NDArray> compute, NDManager manager) {
    Network student = TinyDistillation.network("student", manager, 1);
    Network teacher = TinyDistillation.network("teacher", manager, 2);
    return TinyDistillation.objective("student-kd", "my-loss", compute, student, teacher, manager);
  }

  private static float step(DistillationObjective objective, NDManager manager) {
    try (NDManager step = manager.newSubManager()) {
      return objective
          .losses(
              TinyDistillation.images(step, 8, 3),
              TinyDistillation.labels(step, 8),
              true,
              TrainingStep.none(8))
          .total()
          .getFloat();
    }
  }
}
