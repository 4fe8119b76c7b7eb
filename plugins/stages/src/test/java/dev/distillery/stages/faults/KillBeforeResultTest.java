package dev.distillery.stages.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.run.RunState;
import dev.distillery.run.StageStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kill between a stage's final checkpoint and its result.json: resume finds every epoch done and
 * still writes the full result, training figures included (they travel in the checkpoint).
 */
class KillBeforeResultTest {

  @Test
  void theResultWrittenAfterResumeHasTheTrainingFigures(@TempDir Path directory) throws Exception {
    Path pipeline = FaultRuns.write(directory);
    Path runs = directory.resolve("runs");
    assertThat(FaultRuns.run(pipeline, runs).exitCode()).isZero();
    Path run = FaultRuns.runDirectory(runs);
    Path stage = run.resolve("stages/teacher");
    JsonNode complete = OptionsMapper.mapper().readTree(stage.resolve("result.json").toFile());
    double loss = complete.path("summary").path("train.loss").asDouble();
    assertThat(loss).isFinite();

    // as left by a kill after the final checkpoint: no result, the stage still running
    Files.delete(stage.resolve("result.json"));
    Files.delete(stage.resolve("artifacts.json"));
    RunState state = RunState.read(run.resolve("run.json"));
    state.stages.get("teacher").status = StageStatus.RUNNING;
    state.status = "running";
    state.write(run.resolve("run.json"));

    FaultRuns.Outcome resumed =
        FaultRuns.cli("resume", run.toString(), "--metrics-port", "-1", "-q");
    assertThat(resumed.exitCode()).as(resumed.all()).isZero();
    JsonNode again = OptionsMapper.mapper().readTree(stage.resolve("result.json").toFile());
    assertThat(again.path("summary").path("train.loss").asDouble()).isEqualTo(loss);
    assertThat(again.path("summary").path("train.accuracy").asDouble())
        .isEqualTo(complete.path("summary").path("train.accuracy").asDouble());
  }
}
