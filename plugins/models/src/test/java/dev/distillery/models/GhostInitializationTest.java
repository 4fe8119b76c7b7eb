package dev.distillery.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.distillery.spi.Network;
import org.junit.jupiter.api.Test;

/**
 * The Ghost models are initialised as the networks they derive from: the Ghost-ResNets'
 * convolutions (primary and cheap) kaiming normal with fan_out, as RepDistiller's ResNets;
 * ghostnet-small's convolutions and linear layers PyTorch's default U(±1/sqrt(fan_in)), as
 * ghostnet.py, which sets none.
 */
class GhostInitializationTest {

  private static NDArray parameter(Network network, String name) {
    for (Pair<String, Parameter> p : network.block().getParameters()) {
      if (p.getKey().equals(name)) {
        return p.getValue().getArray();
      }
    }
    throw new IllegalArgumentException(name + " not in " + network.block().getParameters().keys());
  }

  private static double std(NDArray a) {
    return Math.sqrt(a.sub(a.mean()).square().mean().getFloat());
  }

  @Test
  void ghostResNetConvolutionsAreKaimingNormalFanOut() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Network network =
          TestNetworks.initialized("ghost-resnet20", TestNetworks.GRAY_32, manager, 61);
      // last block of layer3, ghost2: primary 64 -> 32 filters 3x3, cheap 32 -> 32 depthwise 3x3
      NDArray primary = parameter(network, "11layer3_2_02ghost2_01primary_conv_weight");
      assertThat(primary.getShape().getShape()).containsExactly(32, 64, 3, 3);
      assertThat(std(primary)).isCloseTo(Math.sqrt(2.0 / (32 * 9)), within(0.03 * 0.0833));
      NDArray cheap = parameter(network, "11layer3_2_02ghost2_03cheap_conv_weight");
      assertThat(cheap.getShape().getShape()).containsExactly(32, 1, 3, 3);
      assertThat(std(cheap)).isCloseTo(Math.sqrt(2.0 / (32 * 9)), within(0.15 * 0.0833));
      NDArray gamma = parameter(network, "11layer3_2_02ghost2_04cheap_bn_gamma");
      assertThat(gamma.eq(1f).all().getBoolean()).isTrue();
    }
  }

  @Test
  void ghostNetSmallUsesTorchDefaults() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Network network =
          TestNetworks.initialized("ghostnet-small", TestNetworks.GRAY_32, manager, 62);
      // stage 3's second bottleneck: squeeze-and-excitation 120 -> 32 -> 120 with bias
      double bound = 1 / Math.sqrt(120);
      NDArray reduce = parameter(network, "07layer3_1_02se_01conv_reduce_weight");
      assertThat(reduce.getShape().getShape()).containsExactly(32, 120, 1, 1);
      assertThat(reduce.abs().max().getFloat()).isBetween((float) (0.95 * bound), (float) bound);
      NDArray reduceBias = parameter(network, "07layer3_1_02se_01conv_reduce_bias");
      assertThat(reduceBias.abs().max().getFloat()).isLessThanOrEqualTo((float) bound);
      NDArray head = parameter(network, "10conv_head_weight");
      assertThat(head.getShape().getShape()).containsExactly(1280, 120);
      assertThat(head.abs().max().getFloat()).isBetween((float) (0.99 * bound), (float) bound);
      // the depthwise convolution of the strided first bottleneck of stage 3: 72 channels, 5x5
      NDArray depthwise = parameter(network, "06layer3_0_02conv_dw_weight");
      assertThat(depthwise.getShape().getShape()).containsExactly(72, 1, 5, 5);
      assertThat(depthwise.abs().max().getFloat()).isBetween((float) (0.95 / 5), (float) (1.0 / 5));
    }
  }
}
