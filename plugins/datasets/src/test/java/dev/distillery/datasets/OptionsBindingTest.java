package dev.distillery.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.UserException;
import org.junit.jupiter.api.Test;

/** Options bind from kebab-case keys with defaults; bad values and unknown keys are rejected. */
class OptionsBindingTest {

  private static JsonNode json(String text) throws Exception {
    return OptionsMapper.mapper().readTree(text);
  }

  @Test
  void idxOptions() throws Exception {
    assertThat(OptionsMapper.bind(null, IdxDatasetOptions.class))
        .isEqualTo(new IdxDatasetOptions(32, true));
    assertThat(
            OptionsMapper.bind(
                json("{\"pad-to\": 28, \"normalize\": false}"), IdxDatasetOptions.class))
        .isEqualTo(new IdxDatasetOptions(28, false));
    assertThatThrownBy(() -> OptionsMapper.bind(json("{\"padding\": 2}"), IdxDatasetOptions.class))
        .hasMessageContaining("padding");
    assertThatThrownBy(() -> OptionsMapper.bind(json("{\"pad-to\": 0}"), IdxDatasetOptions.class))
        .hasRootCauseInstanceOf(UserException.class)
        .hasMessageContaining("pad-to is 0");
  }

  @Test
  void syntheticOptions() throws Exception {
    SyntheticOptions options =
        OptionsMapper.bind(
            json(
                "{\"classes\": 4, \"train-size\": 64, \"test-size\": 16, \"noise\": 1.5, \"seed\": 9}"),
            SyntheticOptions.class);

    assertThat(options).isEqualTo(new SyntheticOptions(4, 64, 16, 1, 32, 1.5, 9L));
    assertThat(OptionsMapper.bind(null, SyntheticOptions.class))
        .isEqualTo(SyntheticOptions.defaults());
    assertThatThrownBy(() -> OptionsMapper.bind(json("{\"classes\": 1}"), SyntheticOptions.class))
        .hasRootCauseInstanceOf(UserException.class)
        .hasMessageContaining("classes is 1");
  }
}
