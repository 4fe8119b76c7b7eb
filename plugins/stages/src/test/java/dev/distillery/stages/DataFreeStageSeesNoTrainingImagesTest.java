package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.engine.PipelineRunner;
import dev.distillery.pipeline.PipelineLoader;
import dev.distillery.pipeline.PipelineSpec;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.run.RunDirectory;
import dev.distillery.spi.StagePlugin;
import dev.distillery.spi.StageResult;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine gives a stage that does not read training images ({@code data-free-distill}) no
 * training image by any route: its context's training and validation splits and its dataset's
 * training split are empty, while the test split is whole. {@link DataAccessProbeStage} is such a
 * stage that counts what it can reach; a normal stage in the same run reaches everything.
 */
class DataFreeStageSeesNoTrainingImagesTest {

  private static final String PIPELINE =
      """
      pipeline: data-access
      seed: 1
      device: cpu
      dataset:
        name: synthetic
        validation: 0.25
        with: {train-size: 64, test-size: 16}
      stages:
        blind:
          uses: blind-data-access-probe
        sighted:
          uses: data-access-probe
      """;

  @Test
  void aDataFreeStageGetsOnlyTheTestSplit(@TempDir Path directory) throws Exception {
    assertThat(new DataFreeDistillStage().readsTrainingImages()).isFalse();

    Path file = TinyPipelines.write(directory, "access.yaml", PIPELINE);
    PluginRegistry plugins = withProbeStages(directory.resolve("probe-plugins"));
    PipelineSpec pipeline = new PipelineLoader(plugins).load(file);
    RunDirectory run = RunDirectory.create(directory.resolve("runs"), pipeline.name());
    try (PipelineRunner runner =
        PipelineRunner.start(
            new PipelineRunner.Settings(1, "127.0.0.1", null, List.of(directory)), plugins)) {
      assertThat(runner.run(pipeline, Files.readString(file), run, event -> {}).succeeded())
          .isTrue();
    }

    StageResult blind = DataAccessProbeStage.result(run, "blind");
    assertThat(blind.summary())
        .containsEntry("train", 0.0)
        .containsEntry("validation", 0.0)
        .containsEntry("dataset.train", 0.0)
        .containsEntry("test", 16.0);
    StageResult sighted = DataAccessProbeStage.result(run, "sighted");
    assertThat(sighted.summary())
        .containsEntry("train", 48.0)
        .containsEntry("validation", 16.0)
        .containsEntry("dataset.train", 64.0)
        .containsEntry("test", 16.0);
  }

  /**
   * The built-in plugins plus the two probe stages, registered for this test only (as a plugin
   * directory would), so that no other test sees them.
   */
  private PluginRegistry withProbeStages(Path directory) throws Exception {
    Path services = directory.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(
        services.resolve(StagePlugin.class.getName()),
        DataAccessProbeStage.class.getName() + "\n" + DataAccessProbeStage.Blind.class.getName());
    ClassLoader loader =
        new URLClassLoader(new URL[] {directory.toUri().toURL()}, getClass().getClassLoader());
    return PluginRegistry.discover(loader);
  }
}
