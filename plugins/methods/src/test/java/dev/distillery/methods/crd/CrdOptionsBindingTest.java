package dev.distillery.methods.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.UserException;
import org.junit.jupiter.api.Test;

/**
 * crd options bind with RepDistiller's defaults (pool/pool, embed-dim 128, 16384 negatives, τ 0.07,
 * m 0.5, exact positives, negatives of other classes); out-of-range numbers, unknown choices, blank
 * feature points and unknown keys (RepDistiller's flag names included) fail naming the option.
 */
public class CrdOptionsBindingTest {

  private static JsonNode json(String text) throws Exception {
    return OptionsMapper.mapper().readTree(text);
  }

  @Test
  void defaultsAndGivenValues() throws Exception {
    CrdOptions defaults = OptionsMapper.bind(null, CrdOptions.class);
    assertThat(defaults)
        .isEqualTo(new CrdOptions("pool", "pool", 128, 16384, 0.07, 0.5, "exact", "other-classes"));
    assertThat(defaults.relaxedPositives()).isFalse();
    assertThat(defaults.negativesFromOtherClasses()).isTrue();
    assertThat(OptionsMapper.bind(json("{}"), CrdOptions.class)).isEqualTo(CrdOptions.defaults());
    CrdOptions given =
        OptionsMapper.bind(
            json(
                "{\"student-feature\": \"fc1\", \"teacher-feature\": \"layer3\", \"embed-dim\":"
                    + " 64, \"negatives\": 4096, \"temperature\": 0.1, \"momentum\": 0,"
                    + " \"positive\": \"relax\", \"negatives-from\": \"all\"}"),
            CrdOptions.class);
    assertThat(given)
        .isEqualTo(new CrdOptions("fc1", "layer3", 64, 4096, 0.1, 0.0, "relax", "all"));
    assertThat(given.relaxedPositives()).isTrue();
    assertThat(given.negativesFromOtherClasses()).isFalse();
  }

  @Test
  void rejectsBadValues() {
    String[][] bad = {
      {"{\"embed-dim\": 0}", "crd option embed-dim is 0"},
      {"{\"negatives\": 0}", "crd option negatives is 0"},
      {"{\"negatives\": -5}", "crd option negatives is -5"},
      {"{\"temperature\": 0}", "crd option temperature is 0.0"},
      {"{\"temperature\": -0.07}", "crd option temperature is -0.07"},
      {"{\"momentum\": 1}", "crd option momentum is 1.0"},
      {"{\"momentum\": -0.5}", "crd option momentum is -0.5"},
      {
        "{\"positive\": \"same\"}",
        "crd option positive is 'same'; it must be one of [exact, relax]"
      },
      {
        "{\"negatives-from\": \"batch\"}",
        "crd option negatives-from is 'batch'; it must be one of [other-classes, all]"
      },
      {"{\"student-feature\": \" \"}", "crd option student-feature is blank"},
    };
    for (String[] entry : bad) {
      assertThatThrownBy(() -> OptionsMapper.bind(json(entry[0]), CrdOptions.class))
          .as(entry[0])
          .hasRootCauseInstanceOf(UserException.class)
          .rootCause()
          .hasMessageContaining(entry[1]);
    }
  }

  @Test
  void rejectsUnknownKeys() {
    for (String key : new String[] {"nce-k", "feat-dim", "nce-t", "mode"}) {
      assertThatThrownBy(() -> OptionsMapper.bind(json("{\"" + key + "\": 1}"), CrdOptions.class))
          .as(key)
          .hasMessageContaining(key)
          .hasMessageContaining("negatives");
    }
  }
}
