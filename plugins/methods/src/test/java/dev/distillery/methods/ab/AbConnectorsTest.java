package dev.distillery.methods.ab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.Network;
import dev.distillery.spi.UserException;
import dev.distillery.testkit.FeatureTestNetworks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ab creates RepDistiller's connectors: none for a pair of equal shapes, a 1×1 convolution +
 * BatchNorm for equal spatial sizes, 3×3 stride 2 when the student's map is twice the teacher's, (1
 * + H_s − H_t) kernels otherwise; in the setup's manager, initialised as PyTorch (±1/√fan-in, γ 1,
 * β 0). Student maps smaller than the teacher's, flat vectors and unknown points fail naming both
 * feature points and shapes.
 */
public class AbConnectorsTest {

  private static final Network STUDENT =
      FeatureTestNetworks.withFeatures(
          "student",
          Map.of(
              "layer1.pre", new Shape(4, 8, 8),
              "layer2.pre", new Shape(8, 4, 4),
              "layer3.pre", new Shape(16, 3, 3),
              "pool", new Shape(16)));
  private static final Network TEACHER =
      FeatureTestNetworks.withFeatures(
          "teacher",
          Map.of(
              "layer1.pre", new Shape(16, 8, 8),
              "layer2.pre", new Shape(8, 4, 4),
              "layer3.pre", new Shape(32, 2, 2)));

  @Test
  void connectorsFollowTheShapes() {
    try (NDManager manager = NDManager.newBaseManager()) {
      AbLoss loss =
          (AbLoss)
              new AbMethod()
                  .create(
                      new AbOptions(
                          List.of("layer1.pre", "layer2.pre", "layer1.pre", "layer3.pre"),
                          List.of("layer1.pre", "layer2.pre", "layer2.pre", "layer3.pre"),
                          null),
                      new MethodSetup(TEACHER, STUDENT, manager));
      List<AbConnector> connectors = loss.connectors();
      assertThat(connectors.get(1)).isNull();
      assertThat(loss.trainableBlocks())
          .containsExactly(connectors.get(0), connectors.get(2), connectors.get(3));
      NDArray oneByOne = connectors.get(0).convWeight().getArray();
      assertThat(oneByOne.getShape()).isEqualTo(new Shape(16, 4, 1, 1));
      assertThat(oneByOne.getManager()).isSameAs(manager);
      assertThat(oneByOne.abs().max().getFloat()).isBetween(0.25f, 0.5f);
      assertThat(connectors.get(2).convWeight().getArray().getShape())
          .isEqualTo(new Shape(8, 4, 3, 3));
      assertThat(connectors.get(3).convWeight().getArray().getShape())
          .isEqualTo(new Shape(32, 16, 2, 2));
      assertThat(connectors.get(0).normGamma().getArray().toFloatArray()).containsOnly(1f);
      assertThat(connectors.get(0).normBeta().getArray().toFloatArray()).containsOnly(0f);
    }
  }

  @Test
  void rejectsPairsItCannotConnect() {
    try (NDManager manager = NDManager.newBaseManager()) {
      MethodSetup setup = new MethodSetup(TEACHER, STUDENT, manager);
      assertThatThrownBy(
              () ->
                  new AbMethod()
                      .create(
                          new AbOptions(List.of("layer2.pre"), List.of("layer1.pre"), null), setup))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("ab pairs student feature 'layer2.pre' of shape (8, 4, 4)")
          .hasMessageContaining("teacher feature 'layer1.pre' of shape (16, 8, 8)")
          .hasMessageContaining("transposed convolution");
      assertThatThrownBy(
              () ->
                  new AbMethod()
                      .create(new AbOptions(List.of("pool"), List.of("layer3.pre"), null), setup))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("'pool' of shape (16)")
          .hasMessageContaining("feature maps");
      assertThatThrownBy(
              () ->
                  new AbMethod()
                      .create(new AbOptions(List.of("layer2"), List.of("layer2.pre"), null), setup))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("'student' has no feature point 'layer2'");
    }
  }
}
