package dev.distillery.methods.ab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.UserException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ab options bind with RepDistiller's defaults (layer1.pre..layer3.pre on both sides, margin 1);
 * lists of different lengths, blank names, a negative margin and unknown keys fail.
 */
public class AbOptionsBindingTest {

  private static JsonNode json(String text) throws Exception {
    return OptionsMapper.mapper().readTree(text);
  }

  @Test
  void defaultsAndGivenValues() throws Exception {
    List<String> pre = List.of("layer1.pre", "layer2.pre", "layer3.pre");
    assertThat(OptionsMapper.bind(null, AbOptions.class)).isEqualTo(new AbOptions(pre, pre, 1.0));
    assertThat(OptionsMapper.bind(json("{}"), AbOptions.class)).isEqualTo(AbOptions.defaults());
    assertThat(
            OptionsMapper.bind(
                json(
                    "{\"student-features\": [\"layer2.pre\", \"layer3.pre\"],"
                        + " \"teacher-features\": [\"layer2.pre\", \"layer3.pre\"], \"margin\": 0.5}"),
                AbOptions.class))
        .isEqualTo(
            new AbOptions(
                List.of("layer2.pre", "layer3.pre"), List.of("layer2.pre", "layer3.pre"), 0.5));
  }

  @Test
  void rejectsBadValues() {
    assertThatThrownBy(() -> OptionsMapper.bind(json("{\"margin\": -1}"), AbOptions.class))
        .hasRootCauseInstanceOf(UserException.class)
        .rootCause()
        .hasMessageContaining("ab option margin is -1.0")
        .hasMessageContaining(">= 0");
    assertThatThrownBy(
            () ->
                OptionsMapper.bind(
                    json("{\"teacher-features\": [\"layer3.pre\"]}"), AbOptions.class))
        .hasRootCauseInstanceOf(UserException.class)
        .rootCause()
        .hasMessageContaining("ab option student-features [layer1.pre, layer2.pre, layer3.pre]")
        .hasMessageContaining("same length");
    assertThatThrownBy(
            () -> OptionsMapper.bind(json("{\"student-features\": [\" \"]}"), AbOptions.class))
        .hasRootCauseInstanceOf(UserException.class)
        .rootCause()
        .hasMessageContaining("ab option student-features is [ ]");
  }

  @Test
  void rejectsUnknownKeys() {
    assertThatThrownBy(() -> OptionsMapper.bind(json("{\"init-epochs\": 30}"), AbOptions.class))
        .hasMessageContaining("init-epochs")
        .hasMessageContaining("margin");
  }
}
