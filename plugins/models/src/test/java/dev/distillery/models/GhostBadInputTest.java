package dev.distillery.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.spi.UserException;
import dev.distillery.training.Networks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Ghost model refuses, before it builds anything, a ratio below 2 and a depthwise kernel that is
 * even or below 1, with a message that names the model, the option and the bad value and says what
 * is allowed; both mistakes at once are reported together. Options come from pipeline-file keys
 * ({@code ratio}, {@code dw-kernel}) through the runtime's {@link Networks#create}, as a stage
 * builds its model; an unknown key is refused, named.
 */
class GhostBadInputTest {

  private static final PluginRegistry PLUGINS =
      PluginRegistry.discover(GhostBadInputTest.class.getClassLoader());

  private static JsonNode options(String json) throws Exception {
    return OptionsMapper.mapper().readTree(json);
  }

  private static void build(String model, String json) throws Exception {
    Networks.create(PLUGINS, model, options(json), TestNetworks.GRAY_32);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 0, -2})
  void aRatioBelowTwoIsRefused(int ratio) {
    for (String model : TestNetworks.GHOST_IDS) {
      assertThatThrownBy(() -> build(model, "{\"ratio\": " + ratio + "}"))
          .isInstanceOf(UserException.class)
          .hasMessageStartingWith("model '" + model + "': option 'ratio' is " + ratio + ";")
          .hasMessageContaining("it must be an integer >= 2")
          .hasMessageNotContaining("dw-kernel");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 4, 0, -3})
  void anEvenOrNonPositiveDepthwiseKernelIsRefused(int kernel) {
    for (String model : TestNetworks.GHOST_IDS) {
      assertThatThrownBy(() -> build(model, "{\"dw-kernel\": " + kernel + "}"))
          .isInstanceOf(UserException.class)
          .hasMessageStartingWith("model '" + model + "': option 'dw-kernel' is " + kernel + ";")
          .hasMessageContaining("it must be odd and >= 1 (1, 3, 5, ...")
          .hasMessageNotContaining("'ratio'");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ghost-resnet56", "ghostnet-small"})
  void bothMistakesAreReportedTogether(String model) {
    assertThatThrownBy(() -> build(model, "{\"ratio\": 1, \"dw-kernel\": 4}"))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("option 'ratio' is 1;")
        .hasMessageContaining("; option 'dw-kernel' is 4;");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ghost-resnet20", "ghostnet-small"})
  void theSmallestAllowedValuesBuild(String model) throws Exception {
    build(model, "{\"ratio\": 2, \"dw-kernel\": 1}");
    build(model, "{\"ratio\": 16, \"dw-kernel\": 9}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ghost-resnet20", "ghostnet-small"})
  void anUnknownOptionIsRefused(String model) {
    assertThatThrownBy(() -> build(model, "{\"dw_size\": 3}"))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("options of model '" + model + "' are invalid")
        .hasMessageContaining("\"dw_size\"");
    assertThat(TestNetworks.create(model, TestNetworks.GRAY_32).architecture()).isEqualTo(model);
  }
}
