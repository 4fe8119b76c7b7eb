package dev.distillery.methods.crd;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.TrainingStep;
import dev.distillery.testkit.FeatureTestBatches;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The crd memory changes only in training: a training batch sets Z and replaces the batch's rows by
 * unit vectors (other rows untouched), a validation batch changes nothing and is refused without
 * sample indices; saved and loaded as a checkpoint does, memory and Z come back exactly, so a
 * resumed loss gives the same value as the uninterrupted one.
 */
public class CrdMemoryTest {

  @Test
  void updatesInTrainingOnlyAndRoundTripsThroughParameters() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      manager.getEngine().setRandomSeed(2020);
      int[] labels = new int[24];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = i % 3;
      }
      CrdOptions options = new CrdOptions(null, null, 6, 5, null, null, null, null);
      MethodSetup setup =
          new MethodSetup(
              FeatureTestBatches.network("teacher", "pool", new Shape(10)),
              FeatureTestBatches.network("student", "pool", new Shape(7)),
              manager,
              labels);
      CrdLoss loss = new CrdMethod().create(options, setup, null);
      NDArray student = manager.randomNormal(new Shape(4, 7));
      NDArray teacher = manager.randomNormal(new Shape(4, 10));
      int[] batch = {3, 10, 17, 22};
      float[] before = loss.memory().studentMemory().getArray().toFloatArray();

      // validation: nothing changes (Z estimated but not kept)
      float validation =
          loss.compute(student, teacher, new TrainingStep(0, 1, batch), false).getFloat();
      assertThat(loss.memory().studentMemory().getArray().toFloatArray()).isEqualTo(before);
      assertThat(loss.memory().normalizers().getArray().toFloatArray()).containsExactly(-1f, -1f);
      try {
        loss.compute(student, teacher, TrainingStep.none(4), false);
        throw new AssertionError("a batch without sample indices was accepted");
      } catch (IllegalArgumentException e) {
        assertThat(e.getMessage()).contains("training-split index").contains("got -1");
      }

      float first = loss.compute(student, teacher, new TrainingStep(0, 1, batch), true).getFloat();
      assertThat(first).isEqualTo(validation);
      float[] z = loss.memory().normalizers().getArray().toFloatArray();
      assertThat(z[0]).isPositive();
      assertThat(z[1]).isPositive();
      float[] after = loss.memory().studentMemory().getArray().toFloatArray();
      for (int row = 0; row < labels.length; row++) {
        boolean updated = row == 3 || row == 10 || row == 17 || row == 22;
        double norm = 0;
        boolean same = true;
        for (int c = 0; c < 6; c++) {
          norm += after[row * 6 + c] * after[row * 6 + c];
          same &= after[row * 6 + c] == before[row * 6 + c];
        }
        assertThat(same).as("row %d unchanged", row).isEqualTo(!updated);
        if (updated) {
          assertThat(norm)
              .as("row %d norm²", row)
              .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        }
      }

      ByteArrayOutputStream saved = new ByteArrayOutputStream();
      loss.memory().saveParameters(new DataOutputStream(saved));
      float straight =
          loss.compute(student, teacher, new TrainingStep(1, 2, batch), true).getFloat();

      CrdLoss resumed = new CrdMethod().create(options, setup, null);
      for (String name : new String[] {"weight", "bias"}) {
        resumed
            .studentEmbedding()
            .getParameters()
            .get(name)
            .getArray()
            .set(loss.studentEmbedding().getParameters().get(name).getArray().toFloatArray());
        resumed
            .teacherEmbedding()
            .getParameters()
            .get(name)
            .getArray()
            .set(loss.teacherEmbedding().getParameters().get(name).getArray().toFloatArray());
      }
      resumed
          .memory()
          .loadParameters(
              manager, new DataInputStream(new ByteArrayInputStream(saved.toByteArray())));
      assertThat(resumed.memory().normalizers().getArray().toFloatArray()).isEqualTo(z);
      assertThat(resumed.memory().studentMemory().getArray().toFloatArray()).isEqualTo(after);
      float again =
          resumed.compute(student, teacher, new TrainingStep(1, 2, batch), true).getFloat();
      assertThat(again).isEqualTo(straight);
    }
  }
}
