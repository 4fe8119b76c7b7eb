package dev.distillery.methods.mgd;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.distillery.spi.DistillationBatch;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.TrainingStep;
import dev.distillery.testkit.FeatureTestBatches;
import dev.distillery.testkit.FeatureTestNetworks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The matching follows the reference's schedule over training batches (update-every 2,
 * statistics-images 8, batches of 4): solved from the first batch, again when the first window is
 * full (after batch i = 3, 4·3 &gt; 8), not in epoch 1, and at epoch 2 from a window that the end
 * of epoch 2 closes; the matching follows the statistics (a teacher whose channels are the
 * student's swapped gives the swapped matching); validation batches add no statistics.
 */
public class MgdScheduleTest {

  @Test
  void matchingIsSolvedOnTheReferenceScheduleFromTrainingStatistics() {
    try (NDManager manager = NDManager.newBaseManager()) {
      manager.getEngine().setRandomSeed(2020);
      NDArray student = manager.randomNormal(new Shape(4, 2, 3, 3));
      NDArray same = student.mul(2f);
      NDArray swapped =
          NDArray.class.cast(
              same.get(new NDIndex(":, 1:2")).concat(same.get(new NDIndex(":, 0:1")), 1));
      MgdOptions options =
          new MgdOptions(List.of("layer1.pre"), List.of("layer1.pre"), "sm", 2, 8, null);
      MgdLoss loss =
          (MgdLoss)
              new MgdMethod()
                  .create(
                      options,
                      new MethodSetup(
                          FeatureTestNetworks.withFeatures(
                              "teacher", Map.of("layer1.pre", new Shape(2, 3, 3))),
                          FeatureTestNetworks.withFeatures(
                              "student", Map.of("layer1.pre", new Shape(2, 3, 3))),
                          manager));
      int[][] identity = {{0}, {1}};
      int[][] swap = {{1}, {0}};
      assertThat(loss.matching(0)).isNull();

      step(loss, student, same, 0);
      assertThat(loss.solves()).isEqualTo(1);
      assertThat(loss.matching(0)).isDeepEqualTo(identity);
      step(loss, student, swapped, 0);
      step(loss, student, swapped, 0);
      assertThat(loss.solves()).isEqualTo(1);
      // batch 3 of the window: 4·3 > 8, the window closes; 1 identity + 2 swapped + 1 swapped
      step(loss, student, swapped, 0);
      assertThat(loss.solves()).isEqualTo(2);
      assertThat(loss.matching(0)).isDeepEqualTo(swap);

      step(loss, student, same, 0);
      step(loss, student, same, 1);
      step(loss, student, same, 1);
      assertThat(loss.solves()).isEqualTo(2);
      assertThat(loss.matching(0)).isDeepEqualTo(swap);

      // epoch 2 is a solve point: its window collects two batches, the epoch's end closes it
      step(loss, student, same, 2);
      step(loss, student, same, 2);
      assertThat(loss.solves()).isEqualTo(2);
      DistillationBatch validation = batch(student, swapped, 2);
      loss.compute(
          new DistillationBatch(
              validation.student(),
              validation.studentOutputs(),
              validation.teacher(),
              validation.teacherOutputs(),
              validation.labels(),
              false,
              validation.step()));
      assertThat(loss.solves()).isEqualTo(2);
      step(loss, student, swapped, 3);
      assertThat(loss.solves()).isEqualTo(3);
      assertThat(loss.matching(0)).isDeepEqualTo(identity);
    }
  }

  private static void step(MgdLoss loss, NDArray student, NDArray teacher, int epoch) {
    loss.compute(batch(student, teacher, epoch)).getFloat();
  }

  private static DistillationBatch batch(NDArray student, NDArray teacher, int epoch) {
    return FeatureTestBatches.batch(
        "layer1.pre", student, teacher, new TrainingStep(epoch, 4, new int[] {0, 1, 2, 3}));
  }
}
