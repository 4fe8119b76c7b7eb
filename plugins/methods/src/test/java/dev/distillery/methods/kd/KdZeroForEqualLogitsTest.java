package dev.distillery.methods.kd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.distillery.testkit.TestNetworks;
import org.junit.jupiter.api.Test;

/** The kd loss is zero, with zero gradient, when the student matches the teacher; else positive. */
public class KdZeroForEqualLogitsTest {

  private static final KdLoss LOSS = new KdLoss(new KdOptions(3.0));

  @Test
  void zeroWhenStudentEqualsTeacher() {
    try (NDManager manager = NDManager.newBaseManager()) {
      manager.getEngine().setRandomSeed(7);
      NDArray teacher = manager.randomNormal(0, 5, new Shape(6, 10), DataType.FLOAT32);
      NDArray student = teacher.duplicate();
      student.setRequiresGradient(true);
      float value;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray loss = LOSS.compute(TestNetworks.logitsBatch(student, teacher));
        collector.backward(loss);
        value = loss.getFloat();
      }
      assertThat(value).isCloseTo(0f, offset(1e-6f));
      assertThat(student.getGradient().abs().max().getFloat()).isLessThan(1e-7f);
    }
  }

  @Test
  void positiveWhenStudentDiffers() {
    try (NDManager manager = NDManager.newBaseManager()) {
      manager.getEngine().setRandomSeed(7);
      NDArray teacher = manager.randomNormal(new Shape(6, 10));
      for (float shift : new float[] {1e-2f, 0.5f, 5f}) {
        NDArray student = teacher.add(manager.randomNormal(new Shape(6, 10)).mul(shift));
        float value = LOSS.compute(TestNetworks.logitsBatch(student, teacher)).getFloat();
        assertThat(value).as("shift %s", shift).isPositive();
      }
      // A constant added to every logit of a row leaves the softmax, and so the loss, unchanged.
      float shifted = LOSS.compute(TestNetworks.logitsBatch(teacher.add(3f), teacher)).getFloat();
      assertThat(shifted).isCloseTo(0f, offset(1e-5f));
    }
  }
}
