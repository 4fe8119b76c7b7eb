package dev.distillery.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.BatchNorm;
import dev.distillery.spi.Network;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Ghost models' feature points: the CIFAR ResNets' names and shapes (ghostnet-small adds {@code
 * head}, its classifier's input); {@code stem.pre} maps to the stem's batch norm (shifting its β
 * shifts the point), no {@code layerK.pre} maps to one (a Ghost module's output comes from two);
 * ghostnet-small's linear bottlenecks give {@code layerK.pre} equal to {@code layerK}.
 */
class GhostFeaturePointsTest {

  private static final List<String> RESNET_POINTS =
      List.of(
          "stem",
          "stem.pre",
          "layer1",
          "layer1.pre",
          "layer2",
          "layer2.pre",
          "layer3",
          "layer3.pre",
          "pool");

  @ParameterizedTest
  @ValueSource(strings = {"ghost-resnet20", "ghost-resnet32", "ghost-resnet56"})
  void ghostResNetsHaveTheResNetPoints(String id) {
    Network ghost = TestNetworks.create(id, TestNetworks.GRAY_32);
    assertThat(ghost.featurePoints()).isEqualTo(RESNET_POINTS);
    assertThat(ghost.classifierInput()).contains("pool");
    assertThat(ghost.featureBatchNorms()).containsOnlyKeys("stem.pre");
  }

  @Test
  void ghostNetSmallHasTheResNetPointsAndItsHead() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Network network =
          TestNetworks.initialized("ghostnet-small", TestNetworks.GRAY_32, manager, 51);
      assertThat(network.featurePoints())
          .containsExactlyElementsOf(
              java.util.stream.Stream.concat(
                      RESNET_POINTS.stream(), java.util.stream.Stream.of("head"))
                  .toList());
      assertThat(network.classifierInput()).contains("head");
      assertThat(network.featureBatchNorms()).containsOnlyKeys("stem.pre");

      NDList out =
          TestNetworks.forward(
              manager,
              network.block(),
              TestNetworks.randomBatch(manager, TestNetworks.GRAY_32, 2, 52),
              true);
      assertThat(network.feature(out, "stem").getShape()).isEqualTo(new Shape(2, 16, 32, 32));
      assertThat(network.feature(out, "layer1").getShape()).isEqualTo(new Shape(2, 16, 32, 32));
      assertThat(network.feature(out, "layer2").getShape()).isEqualTo(new Shape(2, 24, 16, 16));
      assertThat(network.feature(out, "layer3").getShape()).isEqualTo(new Shape(2, 40, 8, 8));
      assertThat(network.feature(out, "pool").getShape()).isEqualTo(new Shape(2, 120));
      assertThat(network.feature(out, "head").getShape()).isEqualTo(new Shape(2, 1280));
      for (String layer : List.of("layer1", "layer2", "layer3")) {
        NDArray post = network.feature(out, layer);
        assertThat(post.contentEquals(network.feature(out, layer + ".pre"))).as(layer).isTrue();
        // linear bottlenecks: no ReLU after the residual sum
        assertThat(post.lt(0f).any().getBoolean()).as(layer).isTrue();
      }
      assertThat(network.feature(out, "head").lt(0f).any().getBoolean()).isFalse();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ghost-resnet20", "ghostnet-small"})
  void shiftingTheStemBatchNormsBetaShiftsStemPre(String id) {
    try (NDManager manager = NDManager.newBaseManager()) {
      Network network = TestNetworks.initialized(id, TestNetworks.GRAY_32, manager, 53);
      NDArray x = TestNetworks.randomBatch(manager, TestNetworks.GRAY_32, 2, 54);
      NDArray before =
          network.feature(TestNetworks.forward(manager, network.block(), x, false), "stem.pre");
      BatchNorm norm = network.batchNormOf("stem.pre").orElseThrow();
      NDArray beta = norm.getParameters().get("beta").getArray();
      beta.set(new NDIndex(15), beta.get(15).add(100f));
      NDArray after =
          network.feature(TestNetworks.forward(manager, network.block(), x, false), "stem.pre");
      NDArray difference = after.sub(before);
      assertThat(difference.get(new NDIndex(":, 15")).sub(100f).abs().max().getFloat())
          .isLessThan(1e-3f);
      assertThat(difference.get(new NDIndex(":, :15")).abs().max().getFloat()).isZero();
      for (String point : List.of("layer1.pre", "layer2.pre", "layer3.pre", "pool")) {
        assertThat(network.batchNormOf(point)).as(point).isEmpty();
      }
    }
  }
}
