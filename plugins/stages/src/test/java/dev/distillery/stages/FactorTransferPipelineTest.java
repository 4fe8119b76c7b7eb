package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.engine.PipelineRunner;
import dev.distillery.options.OptionsMapper;
import dev.distillery.pipeline.PipelineLoader;
import dev.distillery.pipeline.PipelineSpec;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.run.RunDirectory;
import dev.distillery.run.StageStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Factor Transfer through the real engine on synthetic data: a teacher, a paraphraser pretrained on
 * its conv2 map (reconstruction loss falls over the epochs, no accuracy is measured), a student
 * distilled with ft from the paraphraser's factor, and an evaluation of teacher and student.
 */
class FactorTransferPipelineTest {

  static final String PIPELINE =
      """
      pipeline: tiny-ft
      seed: 5
      device: cpu
      dataset:
        name: synthetic
        validation: 0.125
        with: {train-size: 256, test-size: 64}
      defaults:
        train: {epochs: 2, batch-size: 32, optimizer: {type: sgd, lr: 0.05}}
        distill: {epochs: 1, batch-size: 32, optimizer: {type: sgd, lr: 0.01}, ce-weight: 1}
      stages:
        teacher:
          uses: train
          with: {model: lenet5}
        paraphraser:
          uses: pretrain-paraphraser
          needs: [teacher]
          with: {teacher: teacher, feature-point: conv2, epochs: 3, batch-size: 32}
        student-ft:
          uses: distill
          needs: [teacher, paraphraser]
          with:
            teacher: teacher
            student: lenet5-half
            losses:
              - uses: ft
                with: {student-feature: conv2, teacher-feature: conv2}
        evaluate:
          uses: evaluate
          needs: [teacher, paraphraser, student-ft]
          with: {latency-runs: 2}
      """;

  @Test
  void teacherParaphraserAndFtStudentRunToAReport(@TempDir Path directory) throws Exception {
    Path file = TinyPipelines.write(directory, "ft.yaml", PIPELINE);
    PluginRegistry plugins = PluginRegistry.discover(getClass().getClassLoader());
    PipelineSpec pipeline = new PipelineLoader(plugins).load(file);
    RunDirectory run = RunDirectory.create(directory.resolve("runs"), pipeline.name());

    PipelineRunner.RunResult result;
    try (PipelineRunner runner =
        PipelineRunner.start(
            new PipelineRunner.Settings(1, "127.0.0.1", null, List.of(directory)), plugins)) {
      result = runner.run(pipeline, Files.readString(file), run, event -> {});
    }
    assertThat(result.outcomes().values())
        .allSatisfy(o -> assertThat(o.status()).as(o.toString()).isEqualTo(StageStatus.SUCCEEDED));

    Path stage = run.stageDirectory("paraphraser");
    assertThat(stage.resolve("paraphraser.params")).isRegularFile();
    JsonNode description =
        OptionsMapper.mapper().readTree(stage.resolve("paraphraser.json").toFile());
    assertThat(description.path("teacher-stage").asText()).isEqualTo("teacher");
    assertThat(description.path("teacher-architecture").asText()).isEqualTo("lenet5");
    assertThat(description.path("feature-point").asText()).isEqualTo("conv2");
    assertThat(description.path("input-shape").toString()).isEqualTo("[16,10,10]");
    assertThat(description.path("factor-channels").asLong()).isEqualTo(8);
    assertThat(description.path("rate").asDouble()).isEqualTo(0.5);
    assertThat(description.path("teacher-digest").asText()).hasSize(64);

    JsonNode paraphraserResult =
        OptionsMapper.mapper().readTree(stage.resolve("result.json").toFile());
    JsonNode summary = paraphraserResult.path("summary");
    assertThat(summary.path("train.reconstruction-loss").asDouble()).isPositive();
    assertThat(summary.path("validation.reconstruction-loss").asDouble()).isPositive();
    assertThat(summary.path("test.reconstruction-loss").asDouble()).isPositive();
    assertThat(paraphraserResult.path("models")).isEmpty();

    List<JsonNode> epochs =
        Files.readAllLines(run.metricsFile()).stream()
            .filter(
                line ->
                    line.contains("\"event\":\"epoch\"")
                        && line.contains("\"stage\":\"paraphraser\""))
            .map(FactorTransferPipelineTest::json)
            .toList();
    assertThat(epochs).hasSize(3);
    assertThat(epochs).allSatisfy(e -> assertThat(e.has("train_accuracy")).isFalse());
    double first = epochs.get(0).path("loss").asDouble();
    double last = epochs.get(2).path("loss").asDouble();
    System.out.printf(
        "paraphraser reconstruction loss (l1) per epoch: %.5f -> %.5f%n", first, last);
    assertThat(last).isLessThan(first);

    JsonNode studentResult =
        OptionsMapper.mapper()
            .readTree(run.stageDirectory("student-ft").resolve("result.json").toFile());
    assertThat(studentResult.path("report").path("losses").toString()).contains("ft×500.0");
    assertThat(run.stageDirectory("student-ft").resolve("student.params")).isRegularFile();
    assertThat(
            Files.readAllLines(run.metricsFile()).stream()
                .anyMatch(l -> l.contains("student-ft") && l.contains("\"event\":\"epoch\"")))
        .isTrue();

    JsonNode report = OptionsMapper.mapper().readTree(run.reportJson().toFile());
    assertThat(report.path("models")).hasSize(2);
    assertThat(report.path("models").get(1).path("training").asText()).contains("ft×500.0");
  }

  private static JsonNode json(String line) {
    try {
      return OptionsMapper.mapper().readTree(line);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
