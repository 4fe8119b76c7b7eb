package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.engine.PipelineRunner;
import dev.distillery.options.OptionsMapper;
import dev.distillery.pipeline.PipelineLoader;
import dev.distillery.pipeline.PipelineSpec;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.run.RunDirectory;
import dev.distillery.run.RunState;
import dev.distillery.run.StageStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole pipeline on synthetic data through Camel routes, Vert.x workers and DJL training:
 * teacher, student alone, KD student, evaluation; metrics served while it runs.
 */
class EndToEndPipelineTest {

  @Test
  void aTeacherStudentPipelineRunsToAReport(@TempDir Path directory) throws Exception {
    Path file = TinyPipelines.write(directory, "tiny.yaml", TinyPipelines.TEACHER_STUDENT_KD);
    PluginRegistry plugins = PluginRegistry.discover(getClass().getClassLoader());
    PipelineSpec pipeline = new PipelineLoader(plugins).load(file);
    RunDirectory run = RunDirectory.create(directory.resolve("runs"), pipeline.name());
    List<String> progressStages = new CopyOnWriteArrayList<>();
    String scrape;

    try (PipelineRunner runner =
        PipelineRunner.start(
            new PipelineRunner.Settings(2, "127.0.0.1", 0, List.of(directory)), plugins)) {
      PipelineRunner.RunResult result =
          runner.run(
              pipeline,
              Files.readString(file),
              run,
              event -> progressStages.add(event.getString("stage")));
      assertThat(result.outcomes().values())
          .allSatisfy(
              o -> assertThat(o.status()).as(o.toString()).isEqualTo(StageStatus.SUCCEEDED));
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      scrape =
          client
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + runner.metricsPort() + "/metrics"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
    }

    RunState state = RunState.read(run.stateFile());
    assertThat(state.status).isEqualTo("succeeded");
    assertThat(state.stages).containsOnlyKeys("teacher", "student-alone", "student-kd", "evaluate");
    assertThat(progressStages).contains("teacher", "student-alone", "student-kd");
    for (String stage : List.of("teacher", "student-alone", "student-kd")) {
      assertThat(run.stageDirectory(stage).resolve("result.json")).isRegularFile();
    }
    assertThat(run.stageDirectory("student-kd").resolve("student.params")).isRegularFile();

    JsonNode report = OptionsMapper.mapper().readTree(run.reportJson().toFile());
    assertThat(report.path("models")).hasSize(3);
    for (JsonNode model : report.path("models")) {
      assertThat(model.path("accuracy").asDouble()).isBetween(0.0, 1.0);
      assertThat(model.path("parameters").asLong()).isPositive();
      assertThat(model.path("confusion")).hasSize(10);
    }
    JsonNode teacher = report.path("models").get(0);
    assertThat(teacher.path("parameters").asLong()).isEqualTo(61_706);
    // the synthetic classes are learnable: the teacher does far better than chance (10%)
    assertThat(teacher.path("accuracy").asDouble()).isGreaterThan(0.5);
    assertThat(report.path("models").get(2).path("agreement").isNumber()).isTrue();
    assertThat(report.path("models").get(1).path("gain-points").asDouble()).isZero();
    assertThat(report.path("models").get(2).path("training").asText()).contains("kd×0.9");
    assertThat(Files.readString(run.reportMarkdown()))
        .contains("| student-kd | lenet5-half |")
        .contains("gain vs student-alone")
        // the confusion matrix names the classes on both axes
        .contains("## Confusion matrix: teacher (rows: true class, columns: predicted)")
        .contains("| true \\ predicted | class-0 | class-1 |")
        .containsPattern("\\| class-9 \\|( \\d+ \\|){10}");

    List<String> epochs =
        Files.readAllLines(run.metricsFile()).stream()
            .filter(line -> line.contains("\"event\":\"epoch\""))
            .toList();
    assertThat(epochs).hasSize(6);

    assertThat(scrape)
        .contains("distillery_training_steps_total{")
        .contains("stage=\"student-kd\"")
        .contains("component=\"kd\"")
        .contains("distillery_stage_state{");
  }
}
