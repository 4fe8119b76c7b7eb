package dev.distillery.methods;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** KD is zero when the student equals the teacher and positive otherwise. */
class KdLossPropertiesTest {

  @Test
  void zeroForIdenticalLogitsPositiveOtherwise() {
    try (NDManager manager = NDManager.newBaseManager()) {
      manager.getEngine().setRandomSeed(5);
      NDArray teacher = manager.randomNormal(new Shape(4, 10));
      KnowledgeDistillationLoss kd = new KnowledgeDistillationLoss(4);

      assertThat(kd.compute(teacher.duplicate(), teacher).getFloat())
          .isCloseTo(0f, org.assertj.core.data.Offset.offset(1e-6f));
      assertThat(kd.compute(manager.randomNormal(new Shape(4, 10)), teacher).getFloat())
          .isPositive();
    }
  }
}
