package dev.distillery.methods.fitnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.UserException;
import org.junit.jupiter.api.Test;

/**
 * fitnet options bind with layer2 / layer2 by default (RepDistiller's hint_layer 2); blank names,
 * unknown keys and wrong types fail; the default weight is RepDistiller's β = 100.
 */
public class FitnetOptionsBindingTest {

  private static FitnetOptions bind(String text) throws Exception {
    JsonNode node = OptionsMapper.mapper().readTree(text);
    return OptionsMapper.bind(node, FitnetOptions.class);
  }

  @Test
  void defaultsAndGivenValues() throws Exception {
    FitnetOptions defaults = OptionsMapper.bind(null, FitnetOptions.class);
    assertThat(defaults.studentFeature()).isEqualTo("layer2");
    assertThat(defaults.teacherFeature()).isEqualTo("layer2");
    assertThat(bind("{}")).isEqualTo(FitnetOptions.defaults());
    FitnetOptions given =
        bind("{\"student-feature\": \"layer1\", \"teacher-feature\": \"layer3\"}");
    assertThat(given.studentFeature()).isEqualTo("layer1");
    assertThat(given.teacherFeature()).isEqualTo("layer3");
    assertThat(new FitnetMethod().defaultWeight()).isEqualTo(100.0);
    assertThat(new FitnetMethod().id()).isEqualTo("fitnet");
  }

  @Test
  void rejectsBadValues() {
    assertThatThrownBy(() -> bind("{\"student-feature\": \" \"}"))
        .rootCause()
        .isInstanceOf(UserException.class)
        .hasMessageContaining("fitnet option student-feature is blank");
    assertThatThrownBy(() -> bind("{\"student-features\": [\"layer2\"]}"))
        .hasMessageContaining("student-features");
    assertThatThrownBy(() -> bind("{\"hint-layer\": 2}")).hasMessageContaining("hint-layer");
    assertThatThrownBy(() -> bind("{\"teacher-feature\": [\"layer2\"]}"))
        .hasMessageContaining("teacher-feature");
  }
}
