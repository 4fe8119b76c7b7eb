package dev.distillery.methods.pkt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.UserException;
import org.junit.jupiter.api.Test;

/** pkt options bind with pool on both sides by default; blank names and unknown keys fail. */
public class PktOptionsBindingTest {

  private static PktOptions bind(String text) throws Exception {
    JsonNode node = OptionsMapper.mapper().readTree(text);
    return OptionsMapper.bind(node, PktOptions.class);
  }

  @Test
  void defaultsAndGivenValues() throws Exception {
    PktOptions defaults = OptionsMapper.bind(null, PktOptions.class);
    assertThat(defaults.studentFeature()).isEqualTo("pool");
    assertThat(defaults.teacherFeature()).isEqualTo("pool");
    assertThat(bind("{}")).isEqualTo(PktOptions.defaults());
    PktOptions given =
        bind("{\"student-feature\": \"layer2\", \"teacher-feature\": \"layer3.pre\"}");
    assertThat(given.studentFeature()).isEqualTo("layer2");
    assertThat(given.teacherFeature()).isEqualTo("layer3.pre");
  }

  @Test
  void rejectsBlankNames() {
    assertThatThrownBy(() -> bind("{\"teacher-feature\": \"\"}"))
        .hasRootCauseInstanceOf(UserException.class)
        .rootCause()
        .hasMessageContaining("pkt option teacher-feature is blank")
        .hasMessageContaining("teacher-feature: pool");
  }

  @Test
  void rejectsUnknownKeysAndWrongTypes() {
    assertThatThrownBy(() -> bind("{\"student-features\": [\"layer3\"]}"))
        .hasMessageContaining("student-features")
        .hasMessageContaining("student-feature");
    assertThatThrownBy(() -> bind("{\"student-feature\": [\"layer3\"]}"))
        .hasMessageContaining("student-feature");
  }
}
