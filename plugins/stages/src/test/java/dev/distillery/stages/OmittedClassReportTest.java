package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With {@code omitted-class: 3} the evaluate stage reports, for every model, class-3 and overall
 * test accuracy before and after the bias chosen on the validation split, and how many class-3
 * images the model trained on; a student that never saw a 3 gets none right before the correction.
 */
class OmittedClassReportTest {

  @Test
  void everyModelGetsItsOmittedClassFigures() throws Exception {
    SharedRun run = TransferSetRuns.run();
    JsonNode report = OptionsMapper.mapper().readTree(run.directory().reportJson().toFile());
    Map<String, JsonNode> byStage = new LinkedHashMap<>();
    report.path("models").forEach(m -> byStage.put(m.path("stage").asText(), m));
    assertThat(byStage)
        .containsOnlyKeys("teacher", "student-kd", "student-hard", "student-quarter");

    for (JsonNode model : byStage.values()) {
      JsonNode omitted = model.path("omitted-class");
      assertThat(omitted.path("omitted-class").asInt()).isEqualTo(3);
      assertThat(omitted.path("class-name").asText()).isEqualTo("class-3");
      assertThat(omitted.path("bias").asDouble()).isGreaterThanOrEqualTo(0);
      assertThat(omitted.path("validation-accuracy-after").asDouble())
          .isGreaterThanOrEqualTo(omitted.path("validation-accuracy").asDouble());
      // before the correction: the figures of the main table
      assertThat(omitted.path("test-accuracy").asDouble())
          .isEqualTo(model.path("accuracy").asDouble());
      assertThat(omitted.path("test-class-accuracy").asDouble())
          .isEqualTo(model.path("per-class-accuracy").get(3).asDouble());
    }
    JsonNode teacher = byStage.get("teacher").path("omitted-class");
    JsonNode hard = byStage.get("student-hard").path("omitted-class");
    assertThat(teacher.path("training-images").asInt()).isPositive();
    assertThat(byStage.get("student-kd").path("omitted-class").path("training-images").asInt())
        .isZero();
    assertThat(hard.path("training-images").asInt()).isZero();
    assertThat(hard.path("test-class-correct").asInt()).isZero();
    assertThat(teacher.path("test-images").asInt()).isPositive();

    JsonNode summary =
        OptionsMapper.mapper()
            .readTree(run.directory().stageDirectory("evaluate").resolve("result.json").toFile())
            .path("summary");
    assertThat(summary.path("student-kd.omitted-class.bias").isNumber()).isTrue();
    assertThat(summary.path("student-hard.omitted-class.test.class-accuracy-after").isNumber())
        .isTrue();

    assertThat(Files.readString(run.directory().reportMarkdown()))
        .contains("### Omitted class 3 (class-3)")
        .contains("| student-hard | 0 | 0.00 (0/")
        .contains("Training images (`transfer-set`):")
        .contains("- `student-quarter`: ");
  }
}
