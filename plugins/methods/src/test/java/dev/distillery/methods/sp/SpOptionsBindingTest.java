package dev.distillery.methods.sp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.UserException;
import org.junit.jupiter.api.Test;

/** sp options bind with layer3 on both sides by default; blank names and unknown keys fail. */
public class SpOptionsBindingTest {

  private static SpOptions bind(String text) throws Exception {
    JsonNode node = OptionsMapper.mapper().readTree(text);
    return OptionsMapper.bind(node, SpOptions.class);
  }

  @Test
  void defaultsAndGivenValues() throws Exception {
    SpOptions defaults = OptionsMapper.bind(null, SpOptions.class);
    assertThat(defaults.studentFeature()).isEqualTo("layer3");
    assertThat(defaults.teacherFeature()).isEqualTo("layer3");
    assertThat(bind("{}")).isEqualTo(SpOptions.defaults());
    SpOptions given =
        bind("{\"student-feature\": \"layer2\", \"teacher-feature\": \"layer3.pre\"}");
    assertThat(given.studentFeature()).isEqualTo("layer2");
    assertThat(given.teacherFeature()).isEqualTo("layer3.pre");
  }

  @Test
  void rejectsBlankNames() {
    assertThatThrownBy(() -> bind("{\"teacher-feature\": \"\"}"))
        .hasRootCauseInstanceOf(UserException.class)
        .rootCause()
        .hasMessageContaining("sp option teacher-feature is blank")
        .hasMessageContaining("teacher-feature: layer3");
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
