package dev.distillery.methods.kd;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.distillery.testkit.TestNetworks;
import org.junit.jupiter.api.Test;

/** The kd loss stops gradients at the teacher logits even when they arrive with gradient. */
public class KdTeacherGetsNoGradientTest {

  @Test
  void teacherLogitsReceiveNoGradient() {
    try (NDManager manager = NDManager.newBaseManager()) {
      manager.getEngine().setRandomSeed(11);
      NDArray student = manager.randomNormal(new Shape(4, 5));
      NDArray teacher = manager.randomNormal(new Shape(4, 5));
      student.setRequiresGradient(true);
      teacher.setRequiresGradient(true);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        collector.backward(
            new KdLoss(KdOptions.defaults()).compute(TestNetworks.logitsBatch(student, teacher)));
      }
      assertThat(student.getGradient().abs().sum().getFloat()).isPositive();
      assertThat(teacher.getGradient().abs().sum().getFloat()).isZero();
    }
  }
}
