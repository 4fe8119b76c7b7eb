package dev.distillery.methods.nst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.UserException;
import org.junit.jupiter.api.Test;

/**
 * nst options bind with [layer1, layer2, layer3] on both sides by default; lists of different
 * lengths, blank names and unknown keys fail.
 */
public class NstOptionsBindingTest {

  private static NstOptions bind(String text) throws Exception {
    JsonNode node = OptionsMapper.mapper().readTree(text);
    return OptionsMapper.bind(node, NstOptions.class);
  }

  @Test
  void defaultsAndGivenValues() throws Exception {
    NstOptions defaults = OptionsMapper.bind(null, NstOptions.class);
    assertThat(defaults.studentFeatures()).containsExactly("layer1", "layer2", "layer3");
    assertThat(defaults.teacherFeatures()).containsExactly("layer1", "layer2", "layer3");
    assertThat(bind("{}")).isEqualTo(NstOptions.defaults());
    NstOptions given =
        bind(
            "{\"student-features\": [\"layer1\", \"layer3\"],"
                + " \"teacher-features\": [\"layer2\", \"layer3\"]}");
    assertThat(given.studentFeatures()).containsExactly("layer1", "layer3");
    assertThat(given.teacherFeatures()).containsExactly("layer2", "layer3");
  }

  @Test
  void rejectsBadValues() {
    assertThatThrownBy(() -> bind("{\"teacher-features\": [\"layer3\"]}"))
        .hasRootCauseInstanceOf(UserException.class)
        .rootCause()
        .hasMessageContaining("nst option student-features [layer1, layer2, layer3]")
        .hasMessageContaining("same length");
    assertThatThrownBy(
            () -> bind("{\"student-features\": [\" \"], \"teacher-features\": [\"layer3\"]}"))
        .rootCause()
        .isInstanceOf(UserException.class)
        .hasMessageContaining("nst option student-features is [ ]");
  }

  @Test
  void rejectsUnknownKeys() {
    assertThatThrownBy(() -> bind("{\"p\": 2}")).hasMessageContaining("\"p\"");
    assertThatThrownBy(() -> bind("{\"kernel\": \"poly\"}")).hasMessageContaining("kernel");
  }
}
