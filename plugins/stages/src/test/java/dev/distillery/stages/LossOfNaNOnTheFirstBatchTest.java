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
 * A method whose loss is NaN on the first training batch stops its stage with one line naming the
 * stage and {@code losses[i] (uses: id)}; the stages that ran before it keep their results.
 */
class LossOfNaNOnTheFirstBatchTest {

  @Test
  void theStageStopsNamingTheLossAndEarlierResultsStay(@TempDir Path directory) throws Exception {
    Path file =
        TinyPipelines.write(
            directory,
            "nan.yaml",
            """
            pipeline: nan-first-batch
            seed: 3
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
                  epochs: 1
                  batch-size: 32
                  losses: [{uses: kd}, {uses: nan-in-training}]
            """);
    PluginRegistry plugins =
        PluginRegistry.discover(
            ContractBreakingMethods.loader(directory, getClass().getClassLoader()));
    PipelineSpec pipeline = new PipelineLoader(plugins).load(file);
    RunDirectory run = RunDirectory.create(directory.resolve("runs"), pipeline.name());

    PipelineRunner.RunResult result;
    try (PipelineRunner runner =
        PipelineRunner.start(
            new PipelineRunner.Settings(1, "127.0.0.1", null, List.of(directory)), plugins)) {
      result = runner.run(pipeline, Files.readString(file), run, event -> {});
    }

    var student = result.outcomes().get("student");
    assertThat(student.status()).isEqualTo(StageStatus.FAILED);
    assertThat(student.message())
        .startsWith("stage 'student': losses[1] (uses: nan-in-training) returned NaN on the first")
        .contains("a loss must be finite")
        .doesNotContain("\n")
        .doesNotContain("Exception");
    assertThat(result.outcomes().get("teacher").status()).isEqualTo(StageStatus.SUCCEEDED);
    assertThat(run.stageDirectory("teacher").resolve("result.json")).exists();
  }
}
