package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.engine.PipelineRunner;
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
 * A diverging stage stops with an error naming the epoch and step, reports the non-finite loss to
 * its loss gauge first, keeps its last good checkpoint (and says which), fails its dependants with
 * the reason, and lets independent stages finish.
 */
class NonFiniteLossTest {

  @Test
  void aDivergingStageStopsAndOnlyItsDependantsFail(@TempDir Path directory) throws Exception {
    Path file =
        TinyPipelines.write(
            directory,
            "diverge.yaml",
            """
            pipeline: diverge
            seed: 3
            device: cpu
            dataset:
              name: synthetic
              validation: 0.0
              with: {train-size: 128, test-size: 32}
            stages:
              exploding:
                uses: train
                with:
                  model: lenet5-half
                  epochs: 3
                  batch-size: 32
                  optimizer: {type: sgd, lr: 0.01, momentum: 0.9}
                  # a sane first epoch, then a learning rate that must diverge
                  schedule: {type: multistep, milestones: [1], gamma: 1.0e+9}
              healthy:
                uses: train
                with: {model: lenet5-half, epochs: 1, batch-size: 32}
              student:
                uses: distill
                needs: [exploding]
                with: {teacher: exploding, student: lenet5-half, epochs: 1}
            """);
    PluginRegistry plugins = PluginRegistry.discover(getClass().getClassLoader());
    PipelineSpec pipeline = new PipelineLoader(plugins).load(file);
    RunDirectory run = RunDirectory.create(directory.resolve("runs"), pipeline.name());

    PipelineRunner.RunResult result;
    Double lossGauge;
    try (PipelineRunner runner =
        PipelineRunner.start(
            new PipelineRunner.Settings(2, "127.0.0.1", null, List.of(directory)), plugins)) {
      result = runner.run(pipeline, Files.readString(file), run, event -> {});
      // the loop reports the non-finite loss before it stops: the gauge is not the last finite one
      lossGauge =
          runner
              .registry()
              .get("distillery.training.loss")
              .tags("stage", "exploding", "component", "total", "run.id", run.runId())
              .gauge()
              .value();
    }

    var exploding = result.outcomes().get("exploding");
    assertThat(exploding.status()).isEqualTo(StageStatus.FAILED);
    assertThat(exploding.message())
        .containsPattern("loss became (NaN|-?Infinity) at epoch \\d+, step \\d+");
    assertThat(result.outcomes().get("healthy").status()).isEqualTo(StageStatus.SUCCEEDED);
    assertThat(result.outcomes().get("student").status()).isEqualTo(StageStatus.FAILED);
    assertThat(result.outcomes().get("student").message()).contains("'exploding' failed");
    assertThat(exploding.message()).contains("at epoch 2,");
    assertThat(lossGauge).matches(v -> !Double.isFinite(v), "not finite");
    // the checkpoint of the good first epoch is kept, and the message says so
    assertThat(exploding.message()).contains("The checkpoint of the end of epoch 1 is kept.");
    assertThat(Files.readString(run.checkpointDirectory("exploding").resolve("LATEST")).trim())
        .isEqualTo("e1-s0");
  }
}
