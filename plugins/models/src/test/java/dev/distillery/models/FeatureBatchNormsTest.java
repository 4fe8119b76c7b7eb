package dev.distillery.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.norm.BatchNorm;
import dev.distillery.spi.Network;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Network#batchNormOf} names the batch norm that produces each pre-activation point of the
 * resnets and wide resnets (stem.pre, layer1.pre, layer2.pre, layer3.pre): adding 100 to that batch
 * norm's β in one channel adds exactly 100 to that channel of the point in an inference pass and
 * changes no other channel. Post-ReLU points and every LeNet-5 point have none; an unknown point
 * fails.
 */
class FeatureBatchNormsTest {

  private static final List<String> PRE =
      List.of("stem.pre", "layer1.pre", "layer2.pre", "layer3.pre");
  private static final float SHIFT = 100f;

  @ParameterizedTest
  @ValueSource(strings = {"resnet8", "wrn-16-2"})
  void shiftingTheMappedBetaShiftsThePoint(String id) {
    try (NDManager manager = NDManager.newBaseManager()) {
      Network network = TestNetworks.initialized(id, TestNetworks.GRAY_32, manager, 41);
      NDArray x = TestNetworks.randomBatch(manager, TestNetworks.GRAY_32, 2, 42);
      NDList before = TestNetworks.forward(manager, network.block(), x, false);
      for (String point : PRE) {
        BatchNorm norm = network.batchNormOf(point).orElseThrow();
        NDArray beta = norm.getParameters().get("beta").getArray();
        NDArray feature = network.feature(before, point);
        long channels = feature.getShape().get(1);
        assertThat(beta.getShape().get(0)).as(id + " " + point).isEqualTo(channels);
        int channel = (int) channels - 1;
        NDArray original = beta.duplicate();
        beta.set(new NDIndex(channel), beta.get(channel).add(SHIFT));
        NDList after = TestNetworks.forward(manager, network.block(), x, false);
        beta.set(original.toFloatArray());

        NDArray difference = network.feature(after, point).sub(feature);
        NDArray shifted = difference.get(new NDIndex(":, {}", channel));
        assertThat(shifted.sub(SHIFT).abs().max().getFloat())
            .as(id + " " + point)
            .isLessThan(1e-3f);
        NDArray others = difference.get(new NDIndex(":, :{}", channel));
        assertThat(others.abs().max().getFloat()).as(id + " " + point).isZero();
      }
      for (String point : List.of("stem", "layer1", "layer2", "layer3", "pool")) {
        assertThat(network.batchNormOf(point)).as(id + " " + point).isEmpty();
      }
      assertThatThrownBy(() -> network.batchNormOf("layer4.pre"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("has no feature point 'layer4.pre'");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"lenet5", "lenet5-half"})
  void leNetHasNoBatchNorm(String id) {
    Network network = TestNetworks.create(id, TestNetworks.GRAY_32);
    assertThat(network.featureBatchNorms()).isEmpty();
    for (String point : network.featurePoints()) {
      assertThat(network.batchNormOf(point)).as(point).isEmpty();
    }
  }
}
