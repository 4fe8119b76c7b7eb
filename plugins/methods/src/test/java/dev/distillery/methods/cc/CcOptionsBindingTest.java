package dev.distillery.methods.cc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.UserException;
import org.junit.jupiter.api.Test;

/**
 * cc options bind with RepDistiller's defaults (pool/pool, embed-dim 128, no L2 normalisation); an
 * embed-dim below 1, blank feature points and unknown keys fail.
 */
public class CcOptionsBindingTest {

  private static JsonNode json(String text) throws Exception {
    return OptionsMapper.mapper().readTree(text);
  }

  @Test
  void defaultsAndGivenValues() throws Exception {
    assertThat(OptionsMapper.bind(null, CcOptions.class))
        .isEqualTo(new CcOptions("pool", "pool", 128, false));
    assertThat(OptionsMapper.bind(json("{}"), CcOptions.class)).isEqualTo(CcOptions.defaults());
    assertThat(
            OptionsMapper.bind(
                json(
                    "{\"student-feature\": \"layer3\", \"teacher-feature\": \"pool\","
                        + " \"embed-dim\": 16, \"l2-normalize\": true}"),
                CcOptions.class))
        .isEqualTo(new CcOptions("layer3", "pool", 16, true));
  }

  @Test
  void rejectsBadValues() {
    for (String bad : new String[] {"0", "-3"}) {
      assertThatThrownBy(
              () -> OptionsMapper.bind(json("{\"embed-dim\": " + bad + "}"), CcOptions.class))
          .as(bad)
          .hasRootCauseInstanceOf(UserException.class)
          .rootCause()
          .hasMessageContaining("cc option embed-dim is " + bad)
          .hasMessageContaining(">= 1");
    }
    assertThatThrownBy(
            () -> OptionsMapper.bind(json("{\"teacher-feature\": \"\"}"), CcOptions.class))
        .hasRootCauseInstanceOf(UserException.class)
        .rootCause()
        .hasMessageContaining("teacher-feature is blank");
  }

  @Test
  void rejectsUnknownKeys() {
    assertThatThrownBy(() -> OptionsMapper.bind(json("{\"feat-dim\": 128}"), CcOptions.class))
        .hasMessageContaining("feat-dim")
        .hasMessageContaining("embed-dim");
    assertThatThrownBy(() -> OptionsMapper.bind(json("{\"normalize\": true}"), CcOptions.class))
        .hasMessageContaining("normalize");
  }
}
