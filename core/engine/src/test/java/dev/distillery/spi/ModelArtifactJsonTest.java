package dev.distillery.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.options.OptionsMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A model artifact in result.json keeps its input shape and class names through a write and a read,
 * and one written before they were recorded still reads (with both null).
 */
class ModelArtifactJsonTest {

  @Test
  void inputAndClassNamesRoundTripAndOldRecordsStillRead() throws Exception {
    ModelArtifact artifact =
        new ModelArtifact(
            "student",
            "lenet5-half",
            null,
            "stages/kd/student.params",
            "kd",
            new ModelInput(1, 32, 32, 2),
            List.of("cat", "dog"));

    String json = OptionsMapper.mapper().writeValueAsString(artifact);
    ModelArtifact read = OptionsMapper.mapper().readValue(json, ModelArtifact.class);

    assertThat(json).contains("\"class-names\"", "\"input\"");
    assertThat(read).isEqualTo(artifact);

    String old =
        """
        {"name": "student", "architecture": "lenet5-half", "options": {},
         "parameters": "stages/kd/student.params", "produced-by": "kd"}
        """;
    ModelArtifact before = OptionsMapper.mapper().readValue(old, ModelArtifact.class);
    assertThat(before.input()).isNull();
    assertThat(before.classNames()).isNull();
    assertThat(before.parameters()).isEqualTo("stages/kd/student.params");
    assertThat(OptionsMapper.mapper().writeValueAsString(before)).doesNotContain("class-names");
  }
}
