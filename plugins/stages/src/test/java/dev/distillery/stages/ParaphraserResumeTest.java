package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.engine.PipelineRunner;
import dev.distillery.pipeline.PipelineLoader;
import dev.distillery.pipeline.PipelineSpec;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.run.RunDirectory;
import dev.distillery.run.RunState;
import dev.distillery.run.StageStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A paraphraser pretraining stopped in the middle of an epoch and resumed ends with exactly the
 * paraphraser of an uninterrupted run.
 */
class ParaphraserResumeTest {

  private static final String PIPELINE =
      """
      pipeline: paraphraser-resume
      seed: 12
      device: cpu
      dataset:
        name: synthetic
        validation: 0.0
        with: {train-size: 384, test-size: 16}
      stages:
        teacher:
          uses: train
          with: {model: lenet5-half, epochs: 1, batch-size: 64}
        paraphraser:
          uses: pretrain-paraphraser
          needs: [teacher]
          with: {teacher: teacher, feature-point: conv2, epochs: 3, batch-size: 32}
      """;

  @Test
  void resumedPretrainingEndsWithTheSameParaphraser(@TempDir Path directory) throws Exception {
    Path file = TinyPipelines.write(directory, "resume.yaml", PIPELINE);
    PluginRegistry plugins = PluginRegistry.discover(getClass().getClassLoader());
    PipelineSpec pipeline = new PipelineLoader(plugins).load(file);
    String text = Files.readString(file);
    PipelineRunner.Settings settings =
        new PipelineRunner.Settings(1, "127.0.0.1", null, List.of(directory));

    RunDirectory straight = RunDirectory.create(directory.resolve("a"), pipeline.name());
    RunDirectory interrupted = RunDirectory.create(directory.resolve("b"), pipeline.name());
    try (PipelineRunner runner = PipelineRunner.start(settings, plugins)) {
      assertThat(runner.run(pipeline, text, straight, event -> {}).succeeded()).isTrue();

      AtomicReference<String> stoppedAt = new AtomicReference<>();
      PipelineRunner.RunResult first =
          runner.run(
              pipeline,
              text,
              interrupted,
              event -> {
                if (event.getString("stage").equals("paraphraser")
                    && event.getString("phase").equals("epoch 2/3")
                    && event.getLong("done") >= 2
                    && stoppedAt.compareAndSet(null, event.encode())) {
                  runner.requestStop();
                }
              });
      assertThat(stoppedAt.get()).isNotNull();
      assertThat(first.cancelled()).isTrue();
      assertThat(RunState.read(interrupted.stateFile()).stages.get("paraphraser").status)
          .isEqualTo(StageStatus.CANCELLED);

      PipelineRunner.RunResult second = runner.run(pipeline, text, interrupted, event -> {});
      assertThat(second.succeeded()).as(second.outcomes().toString()).isTrue();
    }

    assertThat(
            Files.readAllLines(interrupted.metricsFile()).stream()
                .anyMatch(l -> l.contains("\"stage\":\"paraphraser\"") && l.contains("resumed")))
        .isTrue();
    Path a = straight.stageDirectory("paraphraser").resolve("paraphraser.params");
    Path b = interrupted.stageDirectory("paraphraser").resolve("paraphraser.params");
    assertThat(Files.mismatch(a, b)).as("paraphraser parameter files differ").isEqualTo(-1L);
  }
}
