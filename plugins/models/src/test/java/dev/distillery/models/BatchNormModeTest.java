package dev.distillery.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.distillery.spi.Network;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Training passes normalise with batch statistics and update the running statistics; inference
 * passes use and keep them.
 */
class BatchNormModeTest {

  @ParameterizedTest
  @ValueSource(strings = {"resnet8", "wrn-16-2"})
  void trainingUpdatesRunningStatisticsAndInferenceDoesNot(String id) {
    try (NDManager manager = NDManager.newBaseManager()) {
      Network network = TestNetworks.initialized(id, TestNetworks.GRAY_32, manager, 31);
      Parameter runningMean =
          network.block().getParameters().values().stream()
              .filter(p -> p.getType() == Parameter.Type.RUNNING_MEAN)
              .findFirst()
              .orElseThrow();
      NDArray x = TestNetworks.randomBatch(manager, TestNetworks.GRAY_32, 4, 32).add(3f);

      NDArray initial = runningMean.getArray().duplicate();
      NDArray inference1 = network.logits(TestNetworks.forward(manager, network.block(), x, false));
      assertThat(runningMean.getArray().contentEquals(initial)).isTrue();

      NDArray training = network.logits(TestNetworks.forward(manager, network.block(), x, true));
      NDArray updated = runningMean.getArray().duplicate();
      assertThat(updated.contentEquals(initial)).isFalse();
      // batch statistics differ from the initial running statistics (mean 0, var 1)
      assertThat(training.allClose(inference1)).isFalse();

      NDArray inference2 = network.logits(TestNetworks.forward(manager, network.block(), x, false));
      NDArray inference3 = network.logits(TestNetworks.forward(manager, network.block(), x, false));
      assertThat(runningMean.getArray().contentEquals(updated)).isTrue();
      assertThat(inference2.contentEquals(inference3)).isTrue();
    }
  }
}
