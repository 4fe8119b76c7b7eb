package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.engine.PipelineRunner;
import dev.distillery.options.OptionsMapper;
import dev.distillery.pipeline.PipelineLoader;
import dev.distillery.pipeline.PipelineSpec;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.run.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crd stage stopped in the middle of an epoch and resumed ends with exactly the student of an
 * uninterrupted run: the memory and its constants Z come back from the checkpoint, and the contrast
 * rows of the remaining batches are the ones the uninterrupted run drew.
 */
class CrdResumeTest {

  static final String PIPELINE =
      """
      pipeline: tiny-crd
      seed: 5
      device: cpu
      dataset:
        name: synthetic
        validation: 0.0
        with: {train-size: 256, test-size: 16}
      stages:
        teacher:
          uses: train
          with: {model: lenet5-half, epochs: 1, batch-size: 32}
        student-crd:
          uses: distill
          needs: [teacher]
          with:
            teacher: teacher
            student: lenet5-half
            epochs: 3
            batch-size: 8
            optimizer: {type: sgd, lr: 0.01, momentum: 0.9}
            losses:
              - uses: crd
                with: {student-feature: fc1, teacher-feature: fc1, embed-dim: 16, negatives: 32}
      """;

  @Test
  void resumedCrdStageEndsWithTheSameStudent(@TempDir Path directory) throws Exception {
    Path file = TinyPipelines.write(directory, "crd.yaml", PIPELINE);
    PluginRegistry plugins = PluginRegistry.discover(getClass().getClassLoader());
    PipelineSpec pipeline = new PipelineLoader(plugins).load(file);
    String text = Files.readString(file);
    PipelineRunner.Settings settings =
        new PipelineRunner.Settings(1, "127.0.0.1", null, List.of(directory));

    RunDirectory straight = RunDirectory.create(directory.resolve("a"), pipeline.name());
    RunDirectory interrupted = RunDirectory.create(directory.resolve("b"), pipeline.name());
    try (PipelineRunner runner = PipelineRunner.start(settings, plugins)) {
      PipelineRunner.RunResult uninterrupted = runner.run(pipeline, text, straight, event -> {});
      assertThat(uninterrupted.succeeded()).as(uninterrupted.outcomes().toString()).isTrue();

      AtomicReference<String> stoppedAt = new AtomicReference<>();
      PipelineRunner.RunResult first =
          runner.run(
              pipeline,
              text,
              interrupted,
              event -> {
                if ("student-crd".equals(event.getString("stage"))
                    && "epoch 2/3".equals(event.getString("phase"))
                    && event.getLong("done") >= 3
                    && stoppedAt.compareAndSet(null, event.encode())) {
                  runner.requestStop();
                }
              });
      assertThat(stoppedAt.get()).isNotNull();
      assertThat(first.cancelled()).as(first.outcomes().toString()).isTrue();
      PipelineRunner.RunResult second = runner.run(pipeline, text, interrupted, event -> {});
      assertThat(second.succeeded()).as(second.outcomes().toString()).isTrue();
    }

    String resumed =
        Files.readAllLines(interrupted.metricsFile()).stream()
            .filter(l -> l.contains("\"event\":\"resumed\""))
            .findFirst()
            .orElseThrow();
    JsonNode position = OptionsMapper.mapper().readTree(resumed);
    assertThat(position.path("epoch").asInt()).isBetween(2, 3);
    Path a = straight.stageDirectory("student-crd").resolve("student.params");
    Path b = interrupted.stageDirectory("student-crd").resolve("student.params");
    assertThat(a).isRegularFile();
    assertThat(Files.mismatch(a, b)).as("student parameter files differ").isEqualTo(-1L);
  }
}
