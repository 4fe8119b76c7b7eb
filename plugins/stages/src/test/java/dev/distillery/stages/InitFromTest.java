package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.engine.PipelineRunner;
import dev.distillery.pipeline.PipelineLoader;
import dev.distillery.pipeline.PipelineSpec;
import dev.distillery.pipeline.PipelineValidationException;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.run.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code init-from} starts a stage from another stage's model: with a learning rate of 0 and no
 * weight decay, the second phase's student is exactly the first phase's.
 */
class InitFromTest {

  private static final String PIPELINE =
      """
      pipeline: phases
      seed: 9
      device: cpu
      dataset:
        name: synthetic
        validation: 0.0
        with: {train-size: 128, test-size: 32}
      stages:
        teacher:
          uses: train
          with: {model: lenet5-half, epochs: 1, batch-size: 32}
        phase1:
          uses: distill
          needs: [teacher]
          with: {teacher: teacher, student: lenet5-half, epochs: 1, batch-size: 32, losses: [{uses: kd}]}
        phase2:
          uses: distill
          needs: [teacher, phase1]
          with:
            teacher: teacher
            student: lenet5-half
            init-from: INIT
            epochs: 1
            batch-size: 32
            optimizer: {type: sgd, lr: 0.0, momentum: 0.0, weight-decay: 0.0}
            losses: [{uses: kd}]
      """;

  @Test
  void theSecondPhaseStartsFromTheFirstPhasesStudent(@TempDir Path directory) throws Exception {
    Path file = TinyPipelines.write(directory, "phases.yaml", PIPELINE.replace("INIT", "phase1"));
    PluginRegistry plugins = PluginRegistry.discover(getClass().getClassLoader());
    PipelineSpec pipeline = new PipelineLoader(plugins).load(file);
    RunDirectory run = RunDirectory.create(directory.resolve("runs"), pipeline.name());

    try (PipelineRunner runner =
        PipelineRunner.start(
            new PipelineRunner.Settings(1, "127.0.0.1", null, List.of(directory)), plugins)) {
      assertThat(runner.run(pipeline, Files.readString(file), run, event -> {}).succeeded())
          .isTrue();
    }

    Path first = run.stageDirectory("phase1").resolve("student.params");
    Path second = run.stageDirectory("phase2").resolve("student.params");
    assertThat(Files.mismatch(first, second)).isEqualTo(-1L);
  }

  @Test
  void initFromMustBeANeededStage(@TempDir Path directory) throws Exception {
    Path file = TinyPipelines.write(directory, "phases.yaml", PIPELINE.replace("INIT", "nowhere"));
    PluginRegistry plugins = PluginRegistry.discover(getClass().getClassLoader());

    Assertions.assertThatThrownBy(() -> new PipelineLoader(plugins).load(file))
        .isInstanceOf(PipelineValidationException.class)
        .hasMessageContaining("phases.yaml:22:18:")
        .hasMessageContaining("init-from stage 'nowhere' must be listed in `needs`");
  }
}
