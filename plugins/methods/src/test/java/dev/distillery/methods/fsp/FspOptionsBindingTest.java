package dev.distillery.methods.fsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.UserException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * fsp options bind with [stem, layer1, layer2, layer3] on both sides by default (RepDistiller's
 * feat[:-1]); lists of different lengths, of fewer than two points, and unknown keys fail; the
 * default weight is 1.
 */
public class FspOptionsBindingTest {

  private static FspOptions bind(String text) throws Exception {
    JsonNode node = OptionsMapper.mapper().readTree(text);
    return OptionsMapper.bind(node, FspOptions.class);
  }

  @Test
  void defaultsAndGivenValues() throws Exception {
    FspOptions defaults = OptionsMapper.bind(null, FspOptions.class);
    assertThat(defaults.studentFeatures()).containsExactly("stem", "layer1", "layer2", "layer3");
    assertThat(defaults.teacherFeatures()).containsExactly("stem", "layer1", "layer2", "layer3");
    assertThat(bind("{}")).isEqualTo(FspOptions.defaults());
    FspOptions given =
        bind(
            "{\"student-features\": [\"conv1\", \"conv2\"], \"teacher-features\": [\"layer1\","
                + " \"layer2\"]}");
    assertThat(given.studentFeatures()).isEqualTo(List.of("conv1", "conv2"));
    assertThat(given.teacherFeatures()).isEqualTo(List.of("layer1", "layer2"));
    assertThat(new FspMethod().defaultWeight()).isEqualTo(1.0);
  }

  @Test
  void rejectsBadValues() {
    assertThatThrownBy(() -> bind("{\"student-features\": [\"layer1\", \"layer2\"]}"))
        .rootCause()
        .isInstanceOf(UserException.class)
        .hasMessageContaining("fsp option student-features [layer1, layer2]")
        .hasMessageContaining("same length");
    assertThatThrownBy(
            () -> bind("{\"student-features\": [\"layer1\"], \"teacher-features\": [\"layer1\"]}"))
        .rootCause()
        .isInstanceOf(UserException.class)
        .hasMessageContaining("give at least two");
    assertThatThrownBy(() -> bind("{\"teacher-features\": []}"))
        .rootCause()
        .hasMessageContaining("fsp option teacher-features is []");
    assertThatThrownBy(() -> bind("{\"student-feature\": \"layer1\"}"))
        .hasMessageContaining("student-feature");
  }
}
