package dev.distillery.methods.cc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.UserException;
import dev.distillery.testkit.FeatureTestBatches;
import org.junit.jupiter.api.Test;

/**
 * cc creates two trainable embeddings sized from the chosen feature points (flattened) to
 * embed-dim, initialised in the setup's manager as PyTorch's nn.Linear (uniform in ±1/√fan-in); an
 * unknown feature point fails naming the model's points.
 */
public class CcConnectorsTest {

  @Test
  void embeddingsMatchTheFeatureSizes() {
    try (NDManager manager = NDManager.newBaseManager()) {
      CcLoss loss =
          (CcLoss)
              new CcMethod()
                  .create(
                      new CcOptions("layer3", "pool", 16, null),
                      new MethodSetup(
                          FeatureTestBatches.network("teacher", "pool", new Shape(64)),
                          FeatureTestBatches.network("student", "layer3", new Shape(4, 2, 2)),
                          manager));
      assertThat(loss.trainableBlocks())
          .containsExactly(loss.studentEmbedding(), loss.teacherEmbedding());
      NDArray studentWeight = loss.studentEmbedding().getParameters().get("weight").getArray();
      NDArray teacherWeight = loss.teacherEmbedding().getParameters().get("weight").getArray();
      NDArray teacherBias = loss.teacherEmbedding().getParameters().get("bias").getArray();
      assertThat(studentWeight.getShape()).isEqualTo(new Shape(16, 16));
      assertThat(teacherWeight.getShape()).isEqualTo(new Shape(16, 64));
      assertThat(studentWeight.getManager()).isSameAs(manager);
      assertThat(studentWeight.abs().max().getFloat()).isBetween(0.1f, 0.25f);
      assertThat(teacherWeight.abs().max().getFloat()).isBetween(0.05f, 0.125f);
      assertThat(teacherBias.abs().max().getFloat()).isBetween(0.01f, 0.125f);
    }
  }

  @Test
  void unknownFeaturePointFails() {
    try (NDManager manager = NDManager.newBaseManager()) {
      assertThatThrownBy(
              () ->
                  new CcMethod()
                      .create(
                          new CcOptions("layer9", null, null, null),
                          new MethodSetup(
                              FeatureTestBatches.network("teacher", "pool", new Shape(8)),
                              FeatureTestBatches.network("resnet8x4", "pool", new Shape(8)),
                              manager)))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("'resnet8x4' has no feature point 'layer9'")
          .hasMessageContaining("[pool]");
    }
  }
}
