package dev.distillery.methods.kd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.UserException;
import org.junit.jupiter.api.Test;

/** kd options bind with temperature 4 by default; bad temperatures and unknown keys fail. */
public class KdOptionsBindingTest {

  private static JsonNode json(String text) throws Exception {
    return OptionsMapper.mapper().readTree(text);
  }

  @Test
  void defaultsAndGivenTemperature() throws Exception {
    assertThat(OptionsMapper.bind(null, KdOptions.class).temperature()).isEqualTo(4.0);
    assertThat(OptionsMapper.bind(json("{}"), KdOptions.class)).isEqualTo(KdOptions.defaults());
    assertThat(OptionsMapper.bind(json("{\"temperature\": 2.5}"), KdOptions.class).temperature())
        .isEqualTo(2.5);
    assertThat(OptionsMapper.bind(json("{\"temperature\": 1}"), KdOptions.class).temperature())
        .isEqualTo(1.0);
  }

  @Test
  void rejectsTemperatureNotAboveZero() {
    for (String bad : new String[] {"0", "-1", "-0.5", "0.0"}) {
      assertThatThrownBy(
              () -> OptionsMapper.bind(json("{\"temperature\": " + bad + "}"), KdOptions.class))
          .as(bad)
          .hasRootCauseInstanceOf(UserException.class)
          .rootCause()
          .hasMessageContaining("kd option temperature is")
          .hasMessageContaining("must be a positive number");
    }
    assertThatThrownBy(() -> new KdOptions(Double.NaN)).isInstanceOf(UserException.class);
    assertThatThrownBy(() -> new KdOptions(Double.POSITIVE_INFINITY))
        .isInstanceOf(UserException.class);
  }

  @Test
  void rejectsUnknownKeysAndText() {
    assertThatThrownBy(() -> OptionsMapper.bind(json("{\"temp\": 4}"), KdOptions.class))
        .hasMessageContaining("temp")
        .hasMessageContaining("temperature");
    assertThatThrownBy(() -> OptionsMapper.bind(json("{\"alpha\": 0.9}"), KdOptions.class))
        .hasMessageContaining("alpha");
    assertThatThrownBy(() -> OptionsMapper.bind(json("{\"temperature\": \"4\"}"), KdOptions.class))
        .hasMessageContaining("temperature");
  }
}
