package dev.distillery.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import dev.distillery.spi.Network;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** A loss on the logits reaches the first convolution's weight. */
class GradientFlowTest {

  static final List<String> IDS = TestNetworks.IDS;

  @ParameterizedTest(name = "{0}")
  @FieldSource("IDS")
  void lossOnLogitsReachesFirstConvolution(String id) {
    try (NDManager manager = NDManager.newBaseManager()) {
      Network network = TestNetworks.initialized(id, TestNetworks.GRAY_32, manager, 7);
      Pair<String, Parameter> first = network.block().getParameters().get(0);
      assertThat(first.getKey()).isEqualTo("01conv1_weight");

      NDArray x = TestNetworks.randomBatch(manager, TestNetworks.GRAY_32, 2, 8);
      NDArray labels = manager.create(new float[] {3, 7});
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDList out = TestNetworks.forward(manager, network.block(), x, true);
        NDArray loss =
            Loss.softmaxCrossEntropyLoss()
                .evaluate(new NDList(labels), new NDList(network.logits(out)));
        collector.backward(loss);
      }
      NDArray gradient = first.getValue().getArray().getGradient();
      assertThat(gradient.getShape()).isEqualTo(first.getValue().getArray().getShape());
      assertThat(gradient.abs().sum().getFloat()).isGreaterThan(0f);
      assertThat(gradient.isNaN().any().getBoolean()).isFalse();
    }
  }
}
