package dev.distillery.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.distillery.spi.ModelInput;
import org.junit.jupiter.api.Test;

/** Trainable parameter counts match the papers' architectures. */
class ParameterCountTest {

  private static long parameters(String id, ModelInput input) {
    try (NDManager manager = NDManager.newBaseManager()) {
      return TestNetworks.trainableParameters(
          TestNetworks.initialized(id, input, manager, 1).block());
    }
  }

  @Test
  void lenet5MatchesDafl() {
    assertThat(parameters("lenet5", TestNetworks.GRAY_32)).isEqualTo(61_706);
  }

  @Test
  void lenet5HalfMatchesDafl() {
    assertThat(parameters("lenet5-half", TestNetworks.GRAY_32)).isEqualTo(15_738);
  }

  @Test
  void resnet20MatchesItsFormula() {
    int channels = 1;
    int classes = 10;
    int[] widths = {16, 16, 32, 64};
    int blocksPerStage = (20 - 2) / 6;
    long expected = 16L * channels * 9 + 2 * 16; // stem conv + bn
    int inPlanes = widths[0];
    for (int stage = 1; stage <= 3; stage++) {
      int planes = widths[stage];
      for (int i = 0; i < blocksPerStage; i++) {
        expected += (long) planes * inPlanes * 9 + 2 * planes; // conv1 + bn1
        expected += (long) planes * planes * 9 + 2 * planes; // conv2 + bn2
        if (inPlanes != planes) {
          expected += (long) planes * inPlanes + 2 * planes; // 1x1 downsample + bn
        }
        inPlanes = planes;
      }
    }
    expected += (long) widths[3] * classes + classes; // fc
    assertThat(parameters("resnet20", new ModelInput(channels, 32, 32, classes)))
        .isEqualTo(expected)
        .isEqualTo(272_186);
  }

  @Test
  void resnet20OnRgbCifar10IsTheKnownFigure() {
    // 0.27M, the figure of He et al. (2016) for ResNet-20 on CIFAR-10
    assertThat(parameters("resnet20", new ModelInput(3, 32, 32, 10))).isEqualTo(272_474);
  }
}
