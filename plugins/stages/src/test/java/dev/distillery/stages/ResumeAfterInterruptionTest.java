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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped in the middle of an epoch and resumed ends with exactly the parameters of an
 * uninterrupted run: parameters, optimizer state, data order and augmentation all continue.
 */
class ResumeAfterInterruptionTest {

  @Test
  void resumedRunEndsWithTheSameWeights(@TempDir Path directory) throws Exception {
    Path file = TinyPipelines.write(directory, "resume.yaml", TinyPipelines.SINGLE_TRAIN);
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
                // stop in the middle of the second epoch
                if (event.getString("phase").equals("epoch 2/3")
                    && event.getLong("done") >= 3
                    && stoppedAt.compareAndSet(null, event.encode())) {
                  runner.requestStop();
                }
              });
      assertThat(stoppedAt.get()).isNotNull();
      assertThat(first.cancelled()).isTrue();
      assertThat(RunState.read(interrupted.stateFile()).stages.get("teacher").status)
          .isEqualTo(StageStatus.CANCELLED);

      PipelineRunner.RunResult second = runner.run(pipeline, text, interrupted, event -> {});
      assertThat(second.succeeded()).as(second.outcomes().toString()).isTrue();
    }

    String resumed =
        Files.readAllLines(interrupted.metricsFile()).stream()
            .filter(l -> l.contains("\"event\":\"resumed\""))
            .findFirst()
            .orElseThrow();
    // the stop lands a few steps after it is asked for (progress events are asynchronous), but
    // always inside the training: not before its first step and not after its last
    JsonNode position = OptionsMapper.mapper().readTree(resumed);
    int epoch = position.path("epoch").asInt();
    int step = position.path("step").asInt();
    assertThat(epoch).isBetween(2, 3);
    assertThat(step).isBetween(0, position.path("steps").asInt() - 1);
    Path a = straight.stageDirectory("teacher").resolve("model.params");
    Path b = interrupted.stageDirectory("teacher").resolve("model.params");
    assertThat(Files.mismatch(a, b)).as("parameter files differ").isEqualTo(-1L);
  }
}
