package dev.distillery.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.distillery.spi.DistillationBatch;
import dev.distillery.spi.Network;
import dev.distillery.spi.Scalars;
import dev.distillery.spi.TrainingStep;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A loss that a Java {@code Double} promoted to a float64 scalar ({@code mean().mul(beta)}) trains
 * like the same loss written with {@link Scalars}: the objective's total is float32, and one step's
 * gradients reaching the float32 student are float32 and equal.
 */
class PromotedScalarLossGradientsTest {

  private static final Double BETA = 0.7;

  @Test
  void aFloat64ScalarGivesTheGradientsOfItsFloat32Twin() {
    Function<DistillationBatch, NDArray> promoted =
        batch -> batch.studentLogits().sub(batch.teacherLogits()).square().mean().mul(BETA);
    Function<DistillationBatch, NDArray> float32 =
        batch ->
            Scalars.times(batch.studentLogits().sub(batch.teacherLogits()).square().mean(), BETA);

    List<float[]> promotedGradients = gradients(promoted, DataType.FLOAT64);
    List<float[]> float32Gradients = gradients(float32, DataType.FLOAT32);

    assertThat(promotedGradients).hasSameSizeAs(float32Gradients);
    double largest = 0;
    for (int p = 0; p < promotedGradients.size(); p++) {
      float[] a = promotedGradients.get(p);
      float[] b = float32Gradients.get(p);
      assertThat(a).hasSameSizeAs(b);
      for (int i = 0; i < a.length; i++) {
        assertThat((double) a[i]).isCloseTo(b[i], within(1e-6 + 1e-5 * Math.abs(b[i])));
        largest = Math.max(largest, Math.abs(b[i]));
      }
    }
    assertThat(largest).as("the loss reaches the student").isGreaterThan(1e-4);
  }

  /** One step's gradients of a fresh, identically seeded student's parameters. */
  private static List<float[]> gradients(
      Function<DistillationBatch, NDArray> compute, DataType returned) {
    try (NDManager manager = NDManager.newBaseManager()) {
      Network student = TinyDistillation.network("student", manager, 1);
      Network teacher = TinyDistillation.network("teacher", manager, 2);
      teacher.block().freezeParameters(true);
      Function<DistillationBatch, NDArray> checked =
          batch -> {
            NDArray value = compute.apply(batch);
            assertThat(value.getDataType()).isEqualTo(returned);
            return value;
          };
      DistillationObjective objective =
          TinyDistillation.objective("student-kd", "my-loss", checked, student, teacher, manager);
      List<float[]> gradients = new ArrayList<>();
      try (NDManager step = manager.newSubManager()) {
        try (ThreadGradientCollector collector = new ThreadGradientCollector()) {
          var losses =
              objective.losses(
                  TinyDistillation.images(step, 8, 3),
                  TinyDistillation.labels(step, 8),
                  true,
                  TrainingStep.none(8));
          assertThat(losses.total().getDataType()).isEqualTo(DataType.FLOAT32);
          assertThat(losses.components().get("my-loss").getDataType()).isEqualTo(DataType.FLOAT32);
          assertThat(losses.components().get("my-loss").getShape().dimension()).isZero();
          collector.backward(losses.total());
        }
        for (var parameter : student.block().getParameters()) {
          NDArray gradient = parameter.getValue().getArray().getGradient();
          assertThat(gradient.getDataType()).isEqualTo(DataType.FLOAT32);
          gradients.add(gradient.toFloatArray());
        }
      }
      return gradients;
    }
  }
}
