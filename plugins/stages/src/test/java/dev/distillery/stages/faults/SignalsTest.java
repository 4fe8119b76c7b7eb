package dev.distillery.stages.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.engine.PipelineRunner;
import dev.distillery.pipeline.PipelineLoader;
import dev.distillery.pipeline.PipelineSpec;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.run.RunDirectory;
import dev.distillery.run.RunState;
import dev.distillery.run.StageStatus;
import dev.distillery.stages.cluster.ClusterProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signals at any moment leave a truthful, resumable run: a stop asked during start-up stops the run
 * before any stage; SIGINT just after the run directory appears exits 130; SIGTERM in the middle of
 * an epoch exits 143; both leave run.json "interrupted", and resume finishes with the bytes of an
 * undisturbed run.
 */
class SignalsTest {

  @Test
  void aStopAskedDuringStartUpStopsTheRunBeforeAnyStage(@TempDir Path directory) throws Exception {
    Path file = FaultRuns.write(directory);
    PluginRegistry plugins = PluginRegistry.discover(getClass().getClassLoader());
    PipelineSpec pipeline = new PipelineLoader(plugins).load(file);
    String text = Files.readString(file);
    RunDirectory run = RunDirectory.create(directory.resolve("runs"), pipeline.name());
    try (PipelineRunner runner =
        PipelineRunner.start(
            new PipelineRunner.Settings(1, "127.0.0.1", null, List.of(directory)), plugins)) {
      runner.requestStop(); // Ctrl-C before the run has started
      PipelineRunner.RunResult stopped = runner.run(pipeline, text, run, event -> {});
      assertThat(stopped.cancelled()).isTrue();
      RunState state = RunState.read(run.stateFile());
      assertThat(state.status).isEqualTo("interrupted");
      assertThat(state.stages.values()).allMatch(s -> s.status == StageStatus.CANCELLED);
      assertThat(run.stageDirectory("teacher").resolve("checkpoints")).doesNotExist();
      // the stop belonged to that run: the next one runs
      assertThat(runner.run(pipeline, text, run, event -> {}).succeeded()).isTrue();
    }
  }

  @Test
  void sigintAtStartUpAndSigtermMidEpochExitWithTheirCodesAndResumeFinishesBitExact(
      @TempDir Path directory) throws Exception {
    FaultRuns.write(directory);
    try (ClusterProcesses jvms = new ClusterProcesses(directory, 0)) {
      Process reference =
          jvms.start(
              "reference",
              "run",
              "--runs-dir",
              "reference",
              "--metrics-port",
              "-1",
              "-q",
              "faults.yaml");
      assertThat(ClusterProcesses.exitCode(reference, Duration.ofMinutes(2))).isZero();
      Path expected = FaultRuns.runDirectory(directory.resolve("reference"));

      // SIGINT as soon as the run directory is named
      Process early =
          jvms.start(
              "early", "run", "--runs-dir", "early", "--metrics-port", "-1", "-q", "faults.yaml");
      jvms.awaitLog("early", "run ", Duration.ofSeconds(60));
      signal(early, "INT");
      assertThat(ClusterProcesses.exitCode(early, Duration.ofMinutes(2))).isEqualTo(130);
      Path earlyRun = FaultRuns.runDirectory(directory.resolve("early"));
      assertThat(RunState.read(earlyRun.resolve("run.json")).status).isEqualTo("interrupted");
      assertThat(jvms.read("early")).contains("stopping:").doesNotContain("\tat ");

      // SIGTERM in the middle of the teacher's training
      Process late =
          jvms.start(
              "late", "run", "--runs-dir", "late", "--metrics-port", "-1", "-q", "faults.yaml");
      Path runs = directory.resolve("late");
      ClusterProcesses.await(
          () -> {
            try {
              return Files.readString(FaultRuns.runDirectory(runs).resolve("metrics.jsonl"))
                  .contains("\"event\":\"epoch\"");
            } catch (Exception e) {
              return false;
            }
          },
          Duration.ofSeconds(90),
          "no epoch finished");
      late.destroy(); // SIGTERM
      assertThat(ClusterProcesses.exitCode(late, Duration.ofMinutes(2))).isEqualTo(143);
      Path lateRun = FaultRuns.runDirectory(runs);
      RunState state = RunState.read(lateRun.resolve("run.json"));
      assertThat(state.status).isEqualTo("interrupted");
      assertThat(state.stages.get("student").status).isEqualTo(StageStatus.CANCELLED);

      for (Path run : List.of(earlyRun, lateRun)) {
        Process resume =
            jvms.start(
                "resume-" + run.getParent().getParent().getFileName(),
                "resume",
                "--metrics-port",
                "-1",
                "-q",
                run.toString());
        assertThat(ClusterProcesses.exitCode(resume, Duration.ofMinutes(2))).isZero();
        for (String stage : List.of("teacher", "student")) {
          assertThat(
                  Files.mismatch(FaultRuns.params(expected, stage), FaultRuns.params(run, stage)))
              .as("parameters of %s in %s", stage, run)
              .isEqualTo(-1L);
        }
      }
    }
  }

  private static void signal(Process process, String name) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).start();
    assertThat(kill.waitFor()).isZero();
  }
}
