package dev.distillery.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.distillery.spi.Network;
import org.junit.jupiter.api.Test;

/** Parameters are initialised like the PyTorch references once the caller initialises. */
class InitializationTest {

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
  void resnetConvolutionsAreKaimingNormalFanOut() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Network network = TestNetworks.initialized("resnet32x4", TestNetworks.GRAY_32, manager, 41);
      // last block of layer3: 256 -> 256 filters, 3x3; fan_out = 256 * 9
      NDArray weight = parameter(network, "17layer3_4_03conv2_weight");
      assertThat(weight.getShape().getShape()).containsExactly(256, 256, 3, 3);
      assertThat(std(weight)).isCloseTo(Math.sqrt(2.0 / (256 * 9)), within(0.01 * 0.0295));
      assertThat(weight.mean().getFloat()).isCloseTo(0f, within(2e-4f));
      NDArray gamma = parameter(network, "17layer3_4_02bn1_gamma");
      NDArray beta = parameter(network, "17layer3_4_02bn1_beta");
      assertThat(gamma.eq(1f).all().getBoolean()).isTrue();
      assertThat(beta.eq(0f).all().getBoolean()).isTrue();
    }
  }

  @Test
  void linearLayersUseTorchDefaults() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Network resnet = TestNetworks.initialized("resnet32x4", TestNetworks.GRAY_32, manager, 42);
      NDArray weight = parameter(resnet, "18fc_weight");
      NDArray bias = parameter(resnet, "18fc_bias");
      float bound = (float) (1 / Math.sqrt(256));
      assertThat(weight.abs().max().getFloat())
          .isLessThanOrEqualTo(bound)
          .isGreaterThan(0.9f * bound);
      // U(-b, b) has standard deviation b / sqrt(3)
      assertThat(std(weight)).isCloseTo(bound / Math.sqrt(3), within(0.05 * bound));
      assertThat(bias.abs().max().getFloat()).isLessThanOrEqualTo(bound).isGreaterThan(0f);

      Network wrn = TestNetworks.initialized("wrn-16-2", TestNetworks.GRAY_32, manager, 43);
      assertThat(parameter(wrn, "09fc_bias").eq(0f).all().getBoolean()).isTrue();
    }
  }

  @Test
  void lenetConvolutionsUseTorchDefaults() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Network network = TestNetworks.initialized("lenet5", TestNetworks.GRAY_32, manager, 44);
      NDArray weight = parameter(network, "02conv2_weight");
      NDArray bias = parameter(network, "02conv2_bias");
      float bound = (float) (1 / Math.sqrt(6 * 25));
      assertThat(weight.abs().max().getFloat())
          .isLessThanOrEqualTo(bound)
          .isGreaterThan(0.9f * bound);
      assertThat(std(weight)).isCloseTo(bound / Math.sqrt(3), within(0.05 * bound));
      assertThat(bias.abs().max().getFloat()).isLessThanOrEqualTo(bound).isGreaterThan(0f);
    }
  }
}
