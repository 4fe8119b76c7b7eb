package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.engine.PipelinePreflight;
import dev.distillery.engine.PipelineRunner;
import dev.distillery.engine.Splits;
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
 * The README's first example loss, {@code ....mean().mul(options.beta())} with a {@code Double}
 * beta, is a float64 scalar: the preflight accepts it and the stage trains (it used to crash on its
 * first step with {@code DataType mismatch, Required float, Actual float64}).
 */
class PromotedLossTrainsTest {

  @Test
  void aFloat64ScalarLossPassesThePreflightAndTrains(@TempDir Path directory) throws Exception {
    Path file =
        TinyPipelines.write(
            directory,
            "promoted.yaml",
            """
            pipeline: promoted
            seed: 5
            device: cpu
            dataset:
              name: synthetic
              validation: 0.0
              with: {train-size: 64, test-size: 16}
            stages:
              teacher:
                uses: train
                with: {model: lenet5-half, epochs: 1, batch-size: 32}
              student:
                uses: distill
                needs: [teacher]
                with:
                  teacher: teacher
                  student: lenet5-half
                  epochs: 2
                  batch-size: 32
                  losses: [{uses: double-weighted, weight: 1.0, with: {beta: 0.5}}]
            """);
    PluginRegistry plugins =
        PluginRegistry.discover(
            ContractBreakingMethods.loader(directory, getClass().getClassLoader()));
    PipelineSpec pipeline = new PipelineLoader(plugins).load(file);
    Splits data = Splits.load(pipeline.dataset(), pipeline.seed(), plugins, List.of(directory));
    List<String> notes =
        PipelinePreflight.check(
            pipeline, plugins, data.source().input(), data.train(), data.validation().labels());
    assertThat(notes).isEmpty();
    RunDirectory run = RunDirectory.create(directory.resolve("runs"), pipeline.name());

    PipelineRunner.RunResult result;
    try (PipelineRunner runner =
        PipelineRunner.start(
            new PipelineRunner.Settings(1, "127.0.0.1", null, List.of(directory)), plugins)) {
      result = runner.run(pipeline, Files.readString(file), run, event -> {});
    }

    var student = result.outcomes().get("student");
    assertThat(student.status()).as(student.message()).isEqualTo(StageStatus.SUCCEEDED);
    String epochs = Files.readString(run.metricsFile());
    assertThat(epochs).contains("\"loss_double-weighted\"");
  }
}
