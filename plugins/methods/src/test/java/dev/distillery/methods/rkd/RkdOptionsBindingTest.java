package dev.distillery.methods.rkd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.UserException;
import org.junit.jupiter.api.Test;

/**
 * rkd options bind with RepDistiller's defaults (pool/pool, 25, 50); negative or non-finite
 * weights, both weights 0, blank feature points and unknown keys fail.
 */
public class RkdOptionsBindingTest {

  private static JsonNode json(String text) throws Exception {
    return OptionsMapper.mapper().readTree(text);
  }

  @Test
  void defaultsAndGivenValues() throws Exception {
    RkdOptions defaults = OptionsMapper.bind(null, RkdOptions.class);
    assertThat(defaults).isEqualTo(new RkdOptions("pool", "pool", 25.0, 50.0));
    assertThat(OptionsMapper.bind(json("{}"), RkdOptions.class)).isEqualTo(RkdOptions.defaults());
    assertThat(
            OptionsMapper.bind(
                json(
                    "{\"student-feature\": \"layer3\", \"teacher-feature\": \"layer2\","
                        + " \"distance-weight\": 1, \"angle-weight\": 0}"),
                RkdOptions.class))
        .isEqualTo(new RkdOptions("layer3", "layer2", 1.0, 0.0));
  }

  @Test
  void rejectsBadWeights() {
    for (String key : new String[] {"distance-weight", "angle-weight"}) {
      assertThatThrownBy(() -> OptionsMapper.bind(json("{\"" + key + "\": -1}"), RkdOptions.class))
          .as(key)
          .hasRootCauseInstanceOf(UserException.class)
          .rootCause()
          .hasMessageContaining("rkd option " + key + " is -1.0")
          .hasMessageContaining(">= 0");
    }
    assertThatThrownBy(() -> new RkdOptions(null, null, Double.NaN, null))
        .isInstanceOf(UserException.class);
    assertThatThrownBy(() -> new RkdOptions(null, null, null, Double.POSITIVE_INFINITY))
        .isInstanceOf(UserException.class);
    assertThatThrownBy(() -> new RkdOptions(null, null, 0.0, 0.0))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("both 0");
  }

  @Test
  void rejectsBlankFeaturePointsUnknownKeysAndText() {
    assertThatThrownBy(
            () -> OptionsMapper.bind(json("{\"student-feature\": \" \"}"), RkdOptions.class))
        .hasRootCauseInstanceOf(UserException.class)
        .rootCause()
        .hasMessageContaining("student-feature is blank");
    assertThatThrownBy(() -> OptionsMapper.bind(json("{\"w_d\": 25}"), RkdOptions.class))
        .hasMessageContaining("w_d")
        .hasMessageContaining("distance-weight");
    assertThatThrownBy(() -> OptionsMapper.bind(json("{\"feature\": \"pool\"}"), RkdOptions.class))
        .hasMessageContaining("feature");
    assertThatThrownBy(
            () -> OptionsMapper.bind(json("{\"angle-weight\": \"fifty\"}"), RkdOptions.class))
        .hasMessageContaining("angle-weight");
  }
}
