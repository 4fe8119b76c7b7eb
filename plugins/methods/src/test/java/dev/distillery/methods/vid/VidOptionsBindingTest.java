package dev.distillery.methods.vid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.UserException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * vid options bind with RepDistiller's defaults (layer1..layer3 on both sides, init-pred-var 5);
 * lists of different lengths, empty lists, a variance not above eps and unknown keys fail.
 */
public class VidOptionsBindingTest {

  private static JsonNode json(String text) throws Exception {
    return OptionsMapper.mapper().readTree(text);
  }

  @Test
  void defaultsAndGivenValues() throws Exception {
    List<String> layers = List.of("layer1", "layer2", "layer3");
    assertThat(OptionsMapper.bind(null, VidOptions.class))
        .isEqualTo(new VidOptions(layers, layers, 5.0));
    assertThat(OptionsMapper.bind(json("{}"), VidOptions.class)).isEqualTo(VidOptions.defaults());
    assertThat(
            OptionsMapper.bind(
                json(
                    "{\"student-features\": [\"layer3\"], \"teacher-features\": [\"layer2\"],"
                        + " \"init-pred-var\": 0.5}"),
                VidOptions.class))
        .isEqualTo(new VidOptions(List.of("layer3"), List.of("layer2"), 0.5));
  }

  @Test
  void rejectsBadValues() {
    for (String bad : new String[] {"0", "-1", "0.000001"}) {
      assertThatThrownBy(
              () -> OptionsMapper.bind(json("{\"init-pred-var\": " + bad + "}"), VidOptions.class))
          .as(bad)
          .hasRootCauseInstanceOf(UserException.class)
          .rootCause()
          .hasMessageContaining("vid option init-pred-var is")
          .hasMessageContaining("greater than 1.0E-5");
    }
    assertThatThrownBy(
            () ->
                OptionsMapper.bind(
                    json("{\"student-features\": [\"layer1\", \"layer2\"]}"), VidOptions.class))
        .hasRootCauseInstanceOf(UserException.class)
        .rootCause()
        .hasMessageContaining("vid option student-features [layer1, layer2]")
        .hasMessageContaining("same length");
    assertThatThrownBy(
            () -> OptionsMapper.bind(json("{\"teacher-features\": []}"), VidOptions.class))
        .hasRootCauseInstanceOf(UserException.class)
        .rootCause()
        .hasMessageContaining("vid option teacher-features is []");
  }

  @Test
  void rejectsUnknownKeys() {
    assertThatThrownBy(() -> OptionsMapper.bind(json("{\"eps\": 0.001}"), VidOptions.class))
        .hasMessageContaining("eps")
        .hasMessageContaining("init-pred-var");
  }
}
