package dev.distillery.methods.ofd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.UserException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ofd options bind with the reference's defaults (layer1.pre..layer3.pre on both sides); lists of
 * different lengths, empty lists, blank names and unknown keys fail.
 */
public class OfdOptionsBindingTest {

  private static JsonNode json(String text) throws Exception {
    return OptionsMapper.mapper().readTree(text);
  }

  @Test
  void defaultsAndGivenValues() throws Exception {
    List<String> pre = List.of("layer1.pre", "layer2.pre", "layer3.pre");
    assertThat(OptionsMapper.bind(null, OfdOptions.class)).isEqualTo(new OfdOptions(pre, pre));
    assertThat(OptionsMapper.bind(json("{}"), OfdOptions.class)).isEqualTo(OfdOptions.defaults());
    assertThat(
            OptionsMapper.bind(
                json(
                    "{\"student-features\": [\"layer2.pre\", \"layer3.pre\"],"
                        + " \"teacher-features\": [\"layer1.pre\", \"layer3.pre\"]}"),
                OfdOptions.class))
        .isEqualTo(
            new OfdOptions(
                List.of("layer2.pre", "layer3.pre"), List.of("layer1.pre", "layer3.pre")));
  }

  @Test
  void rejectsBadValues() {
    assertThatThrownBy(
            () ->
                OptionsMapper.bind(
                    json("{\"student-features\": [\"layer3.pre\"]}"), OfdOptions.class))
        .hasRootCauseInstanceOf(UserException.class)
        .rootCause()
        .hasMessageContaining("ofd option student-features [layer3.pre]")
        .hasMessageContaining("teacher-features [layer1.pre, layer2.pre, layer3.pre]")
        .hasMessageContaining("same length");
    assertThatThrownBy(
            () -> OptionsMapper.bind(json("{\"teacher-features\": []}"), OfdOptions.class))
        .hasRootCauseInstanceOf(UserException.class)
        .rootCause()
        .hasMessageContaining("ofd option teacher-features is []");
    assertThatThrownBy(
            () -> OptionsMapper.bind(json("{\"student-features\": [\" \"]}"), OfdOptions.class))
        .hasRootCauseInstanceOf(UserException.class)
        .rootCause()
        .hasMessageContaining("ofd option student-features is [ ]");
  }

  @Test
  void rejectsUnknownKeys() {
    assertThatThrownBy(() -> OptionsMapper.bind(json("{\"margin\": 1}"), OfdOptions.class))
        .hasMessageContaining("margin")
        .hasMessageContaining("student-features");
  }
}
