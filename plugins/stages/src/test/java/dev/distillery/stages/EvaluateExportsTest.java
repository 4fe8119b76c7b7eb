package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The evaluate stage's {@code export: [onnx]} writes every evaluated model as ONNX under its stage
 * directory, checks it in ONNX Runtime, and reports the figures in report.json and report.md.
 */
class EvaluateExportsTest {

  @Test
  void everyEvaluatedModelIsExportedCheckedAndReported() throws Exception {
    SharedRun shared = ExportRuns.run();
    assertThat(shared.result().succeeded()).isTrue();
    Path run = shared.directory().path();
    JsonNode report = OptionsMapper.mapper().readTree(run.resolve("report.json").toFile());

    assertThat(report.path("models")).hasSize(2);
    for (JsonNode model : report.path("models")) {
      String stage = model.path("stage").asText();
      JsonNode export = model.path("exports").get(0);
      assertThat(export.path("format").asText()).isEqualTo("onnx");
      assertThat(export.path("passed").asBoolean()).as(stage).isTrue();
      assertThat(export.path("check").path("exported-accuracy").asDouble())
          .isEqualTo(model.path("accuracy").asDouble());
      Path directory = run.resolve("stages/evaluate/export/" + stage);
      assertThat(directory.resolve(export.path("file").asText())).isRegularFile();
      assertThat(directory.resolve("export.json")).isRegularFile();
    }
    assertThat(Files.readString(run.resolve("report.md")))
        .contains("## Exports", "| student-kd | onnx 13 | student.onnx |", "| yes |");
  }
}
