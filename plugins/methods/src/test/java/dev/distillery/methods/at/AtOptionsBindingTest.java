package dev.distillery.methods.at;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.UserException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * at options bind with [layer1, layer2, layer3] on both sides and p = 2 by default; lists of
 * different lengths, empty lists, p not above zero and unknown keys fail.
 */
public class AtOptionsBindingTest {

  private static AtOptions bind(String text) throws Exception {
    JsonNode node = OptionsMapper.mapper().readTree(text);
    return OptionsMapper.bind(node, AtOptions.class);
  }

  @Test
  void defaultsAndGivenValues() throws Exception {
    AtOptions defaults = OptionsMapper.bind(null, AtOptions.class);
    assertThat(defaults.studentFeatures()).containsExactly("layer1", "layer2", "layer3");
    assertThat(defaults.teacherFeatures()).containsExactly("layer1", "layer2", "layer3");
    assertThat(defaults.p()).isEqualTo(2.0);
    assertThat(bind("{}")).isEqualTo(AtOptions.defaults());
    AtOptions given =
        bind(
            "{\"student-features\": [\"layer2.pre\"], \"teacher-features\": [\"layer3\"], \"p\": 4}");
    assertThat(given.studentFeatures()).isEqualTo(List.of("layer2.pre"));
    assertThat(given.teacherFeatures()).isEqualTo(List.of("layer3"));
    assertThat(given.p()).isEqualTo(4.0);
  }

  @Test
  void rejectsBadValues() {
    assertThatThrownBy(() -> bind("{\"student-features\": [\"layer1\", \"layer2\"]}"))
        .hasRootCauseInstanceOf(UserException.class)
        .rootCause()
        .hasMessageContaining("at option student-features [layer1, layer2]")
        .hasMessageContaining("teacher-features [layer1, layer2, layer3]")
        .hasMessageContaining("same length");
    assertThatThrownBy(() -> bind("{\"teacher-features\": []}"))
        .rootCause()
        .hasMessageContaining("at option teacher-features is []");
    for (String bad : new String[] {"0", "-2"}) {
      assertThatThrownBy(() -> bind("{\"p\": " + bad + "}"))
          .as(bad)
          .rootCause()
          .isInstanceOf(UserException.class)
          .hasMessageContaining("at option p is")
          .hasMessageContaining("must be a positive number");
    }
    assertThatThrownBy(() -> new AtOptions(null, null, Double.NaN))
        .isInstanceOf(UserException.class);
  }

  @Test
  void rejectsUnknownKeysAndWrongTypes() {
    assertThatThrownBy(() -> bind("{\"student-feature\": \"layer1\"}"))
        .hasMessageContaining("student-feature")
        .hasMessageContaining("student-features");
    assertThatThrownBy(() -> bind("{\"beta\": 1000}")).hasMessageContaining("beta");
    assertThatThrownBy(() -> bind("{\"p\": \"2\"}")).hasMessageContaining("p");
  }
}
