package dev.distillery.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.spi.ModelInput;
import org.junit.jupiter.api.Test;

/** The analytic MAC counts. */
class MultiplyAccumulatesTest {

  @Test
  void lenet5ByHand() {
    long conv1 = 6L * 28 * 28 * 1 * 5 * 5; // 117,600
    long conv2 = 16L * 10 * 10 * 6 * 5 * 5; // 240,000
    long conv3 = 120L * 1 * 1 * 16 * 5 * 5; // 48,000
    long fc1 = 120L * 84; // 10,080
    long fc2 = 84L * 10; // 840
    assertThat(conv1 + conv2 + conv3 + fc1 + fc2).isEqualTo(416_520);
    assertThat(TestNetworks.create("lenet5", TestNetworks.GRAY_32).multiplyAccumulates())
        .isEqualTo(416_520);
  }

  @Test
  void growWithTheInputChannelsOnlyInTheStem() {
    long gray = TestNetworks.create("resnet20", TestNetworks.GRAY_32).multiplyAccumulates();
    long rgb = TestNetworks.create("resnet20", new ModelInput(3, 32, 32, 10)).multiplyAccumulates();
    assertThat(rgb - gray).isEqualTo(16L * 32 * 32 * 2 * 3 * 3);
  }
}
