package dev.distillery.cluster;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.engine.RunRuntimes;
import dev.distillery.engine.StageJob;
import dev.distillery.plugin.PluginRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker refuses, with the reason, a job whose run it cannot use, so that it goes elsewhere. */
class SharedRunDirectoriesTest {

  private static final String PIPELINE =
      """
      pipeline: shared
      dataset: {name: synthetic}
      stages:
        t:
          uses: train
          with: {model: lenet5}
      """;

  private final SharedRunDirectories runs =
      new SharedRunDirectories(
          "w9",
          PluginRegistry.discover(getClass().getClassLoader()),
          List.of(),
          null,
          new SimpleMeterRegistry());

  private static StageJob job(Path run, String key) {
    return new StageJob(
        "job-1", run.getFileName().toString(), run.toString(), "t", key, "cpu", 1, 1);
  }

  @Test
  void aRunDirectoryTheWorkerCannotSeeIsRefusedNamingItAndTheRemedy(@TempDir Path directory) {
    Path missing = directory.resolve("elsewhere/run-1");
    assertThatThrownBy(() -> runs.runtimeFor(job(missing, "k")))
        .isInstanceOf(RunRuntimes.JobRefusedException.class)
        .hasMessageContaining("worker w9 cannot see run directory " + missing)
        .hasMessageContaining("mount the runs storage at the same path on every node");
  }

  @Test
  void aStageKeyOtherThanTheCoordinatorsIsRefused(@TempDir Path directory) throws Exception {
    Path run = directory.resolve("run-2");
    Files.createDirectories(run.resolve("stages"));
    Files.writeString(run.resolve("pipeline.yaml"), PIPELINE);
    assertThatThrownBy(() -> runs.runtimeFor(job(run, "0123456789abcdef")))
        .isInstanceOf(RunRuntimes.JobRefusedException.class)
        .hasMessageContaining("worker w9 computes another key for stage t")
        .hasMessageContaining("vs 0123456789ab")
        .hasMessageContaining("plugins or their versions differ");
  }

  @Test
  void aPipelineTheWorkerCannotReadIsRefused(@TempDir Path directory) throws Exception {
    Path run = directory.resolve("run-3");
    Files.createDirectories(run.resolve("stages"));
    Files.writeString(run.resolve("pipeline.yaml"), PIPELINE.replace("uses: train", "uses: trian"));
    assertThatThrownBy(() -> runs.runtimeFor(job(run, "k")))
        .isInstanceOf(RunRuntimes.JobRefusedException.class)
        .hasMessageContaining("worker w9 cannot read the run's pipeline")
        .hasMessageContaining("trian");
  }
}
