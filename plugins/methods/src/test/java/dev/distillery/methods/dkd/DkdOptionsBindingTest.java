package dev.distillery.methods.dkd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.UserException;
import org.junit.jupiter.api.Test;

/**
 * dkd options bind with mdistiller's defaults (α 1, β 8, T 4, warm-up 20); negative weights, a
 * temperature not above 0, a warm-up below 1, both weights 0 and unknown keys fail.
 */
public class DkdOptionsBindingTest {

  private static JsonNode json(String text) throws Exception {
    return OptionsMapper.mapper().readTree(text);
  }

  @Test
  void defaultsAndGivenValues() throws Exception {
    assertThat(OptionsMapper.bind(null, DkdOptions.class))
        .isEqualTo(new DkdOptions(1.0, 8.0, 4.0, 20));
    assertThat(OptionsMapper.bind(json("{}"), DkdOptions.class)).isEqualTo(DkdOptions.defaults());
    assertThat(
            OptionsMapper.bind(
                json("{\"alpha\": 2, \"beta\": 0.5, \"temperature\": 1, \"warmup-epochs\": 1}"),
                DkdOptions.class))
        .isEqualTo(new DkdOptions(2.0, 0.5, 1.0, 1));
  }

  @Test
  void warmupFactorCountsEpochsFromOneAsMdistiller() {
    DkdLoss loss = new DkdLoss(DkdOptions.defaults());
    assertThat(loss.warmupFactor(0)).isEqualTo(1.0 / 20);
    assertThat(loss.warmupFactor(9)).isEqualTo(0.5);
    assertThat(loss.warmupFactor(19)).isEqualTo(1.0);
    assertThat(loss.warmupFactor(239)).isEqualTo(1.0);
  }

  @Test
  void rejectsBadValues() {
    String[][] bad = {
      {"alpha", "-1", "must be a number >= 0"},
      {"beta", "-0.5", "must be a number >= 0"},
      {"temperature", "0", "must be a positive number"},
      {"warmup-epochs", "0", "must be a whole number >= 1"},
    };
    for (String[] row : bad) {
      assertThatThrownBy(
              () ->
                  OptionsMapper.bind(
                      json("{\"" + row[0] + "\": " + row[1] + "}"), DkdOptions.class))
          .as(row[0])
          .hasRootCauseInstanceOf(UserException.class)
          .rootCause()
          .hasMessageContaining("dkd option " + row[0] + " is")
          .hasMessageContaining(row[2]);
    }
    assertThatThrownBy(() -> new DkdOptions(0.0, 0.0, null, null))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("both 0");
    assertThatThrownBy(() -> new DkdOptions(null, Double.NaN, null, null))
        .isInstanceOf(UserException.class);
  }

  @Test
  void rejectsUnknownKeysAndText() {
    assertThatThrownBy(() -> OptionsMapper.bind(json("{\"warmup\": 20}"), DkdOptions.class))
        .hasMessageContaining("warmup")
        .hasMessageContaining("warmup-epochs");
    assertThatThrownBy(() -> OptionsMapper.bind(json("{\"ce-weight\": 1}"), DkdOptions.class))
        .hasMessageContaining("ce-weight");
    assertThatThrownBy(() -> OptionsMapper.bind(json("{\"beta\": \"8\"}"), DkdOptions.class))
        .hasMessageContaining("beta");
  }
}
