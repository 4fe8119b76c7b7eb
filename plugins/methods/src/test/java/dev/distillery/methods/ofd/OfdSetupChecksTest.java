package dev.distillery.methods.ofd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.BatchNorm;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.Network;
import dev.distillery.spi.UserException;
import dev.distillery.testkit.FeatureTestNetworks;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ofd's create(): one 1×1 convolution + BatchNorm connector per pair (also for equal channels), in
 * the setup's manager, initialised as the reference (weight std √(2/C_t), γ 1, β 0); one (C_t, 1,
 * 1) margin per pair from the teacher batch norm's γ/β. Maps of different spatial sizes, flat
 * vectors, teacher points without a batch norm, teachers without any batch norm and unknown points
 * fail with a {@link UserException} naming the feature points and shapes.
 */
public class OfdSetupChecksTest {

  private static final Map<String, Shape> STUDENT_SHAPES =
      Map.of(
          "layer1.pre", new Shape(4, 8, 8),
          "layer2.pre", new Shape(8, 4, 4),
          "layer3.pre", new Shape(32, 2, 2),
          "pool", new Shape(32));
  private static final Map<String, Shape> TEACHER_SHAPES =
      Map.of(
          "layer1", new Shape(8, 8, 8),
          "layer1.pre", new Shape(8, 8, 8),
          "layer2.pre", new Shape(8, 4, 4),
          "layer3.pre", new Shape(64, 2, 2));

  /** The stand-in teacher; its .pre points map to batch norms with β = 0.5·channel, γ = 1. */
  private static Network teacher(NDManager manager, boolean withBatchNorms) {
    Network plain = FeatureTestNetworks.withFeatures("teacher", TEACHER_SHAPES);
    Map<String, BatchNorm> norms = new LinkedHashMap<>();
    if (withBatchNorms) {
      for (String point : List.of("layer1.pre", "layer2.pre", "layer3.pre")) {
        long channels = TEACHER_SHAPES.get(point).get(0);
        BatchNorm norm = BatchNorm.builder().build();
        norm.initialize(manager, DataType.FLOAT32, new Shape(1, channels, 1, 1));
        norm.getParameters()
            .get("beta")
            .getArray()
            .set(manager.arange((float) channels).mul(0.5f).toFloatArray());
        norms.put(point, norm);
      }
    }
    return new Network(
        plain.architecture(), plain.block(), plain.input(), plain.featurePoints(), 0, norms);
  }

  private static Network student() {
    return FeatureTestNetworks.withFeatures("student", STUDENT_SHAPES);
  }

  @Test
  void createsConnectorsAndMargins() {
    try (NDManager manager = NDManager.newBaseManager()) {
      manager.getEngine().setRandomSeed(19);
      Network teacher = teacher(manager, true);
      OfdLoss loss =
          (OfdLoss)
              new OfdMethod()
                  .create(OfdOptions.defaults(), new MethodSetup(teacher, student(), manager));
      List<OfdConnector> connectors = loss.connectors();
      assertThat(loss.trainableBlocks()).containsExactlyElementsOf(connectors);
      assertThat(connectors).hasSize(3);
      assertThat(connectors.get(0).convWeight().getArray().getShape())
          .isEqualTo(new Shape(8, 4, 1, 1));
      assertThat(connectors.get(1).convWeight().getArray().getShape())
          .isEqualTo(new Shape(8, 8, 1, 1)); // equal channels: still a connector
      NDArray wide = connectors.get(2).convWeight().getArray();
      assertThat(wide.getShape()).isEqualTo(new Shape(64, 32, 1, 1));
      assertThat(wide.getManager()).isSameAs(manager);
      double std = Math.sqrt(wide.square().mean().getFloat());
      assertThat(std).isBetween(0.9 * Math.sqrt(2.0 / 64), 1.1 * Math.sqrt(2.0 / 64));
      assertThat(connectors.get(2).normGamma().getArray().toFloatArray()).containsOnly(1f);
      assertThat(connectors.get(2).normBeta().getArray().toFloatArray()).containsOnly(0f);

      NDArray margin = loss.margins().get(2);
      assertThat(margin.getShape()).isEqualTo(new Shape(64, 1, 1));
      float[] values = margin.toFloatArray();
      for (int c = 0; c < 64; c++) {
        assertThat(values[c]).as("channel " + c).isEqualTo((float) OfdMargin.margin(1, 0.5 * c));
      }
      assertThat(values[0]).isEqualTo((float) -Math.sqrt(2 / Math.PI));
      assertThat(values[63]).isEqualTo(-3f);
    }
  }

  @Test
  void rejectsPairsItCannotConnect() {
    try (NDManager manager = NDManager.newBaseManager()) {
      MethodSetup setup = new MethodSetup(teacher(manager, true), student(), manager);
      OfdMethod method = new OfdMethod();
      assertThatThrownBy(
              () ->
                  method.create(
                      new OfdOptions(List.of("layer1.pre"), List.of("layer2.pre")), setup))
          .isInstanceOf(UserException.class)
          .hasMessageContaining(
              "ofd pairs student feature 'layer1.pre' of shape (4, 8, 8) with teacher feature"
                  + " 'layer2.pre' of shape (8, 4, 4)")
          .hasMessageContaining("1x1 convolution")
          .hasMessageContaining("heights and widths must be equal");
      assertThatThrownBy(
              () -> method.create(new OfdOptions(List.of("pool"), List.of("layer3.pre")), setup))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("'pool' of shape (32)")
          .hasMessageContaining("feature maps");
      assertThatThrownBy(
              () -> method.create(new OfdOptions(List.of("layer1.pre"), List.of("layer1")), setup))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("teacher feature point 'layer1'")
          .hasMessageContaining("model 'teacher' has no batch norm there")
          .hasMessageContaining("[layer1.pre, layer2.pre, layer3.pre]");
      assertThatThrownBy(
              () -> method.create(new OfdOptions(List.of("layer2"), List.of("layer2.pre")), setup))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("'student' has no feature point 'layer2'");
    }
  }

  @Test
  void rejectsTeachersWithoutBatchNorm() {
    try (NDManager manager = NDManager.newBaseManager()) {
      MethodSetup setup = new MethodSetup(teacher(manager, false), student(), manager);
      assertThatThrownBy(() -> new OfdMethod().create(OfdOptions.defaults(), setup))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("teacher feature point 'layer1.pre'")
          .hasMessageContaining(
              "model 'teacher' has no batch norm there (it has no batch norm at all)")
          .hasMessageContaining("e.g. a resnet or wrn");
    }
  }
}
