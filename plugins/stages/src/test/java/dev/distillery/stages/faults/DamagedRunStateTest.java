package dev.distillery.stages.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.run.RunState;
import dev.distillery.run.StageStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged run state: a truncated run.json is kept aside and rebuilt from the stage directories; a
 * finished stage's changed artifact is noticed, reported by {@code verify} and repaired by running
 * the stage again from its last checkpoint, with the same bytes as before.
 */
class DamagedRunStateTest {

  @Test
  void aTruncatedRunJsonIsRebuiltAndTheFinishedStagesAreKept(@TempDir Path directory)
      throws Exception {
    Path pipeline = FaultRuns.write(directory);
    Path runs = directory.resolve("runs");
    assertThat(FaultRuns.run(pipeline, runs).exitCode()).isZero();
    Path run = FaultRuns.runDirectory(runs);
    byte[] teacher = Files.readAllBytes(FaultRuns.params(run, "teacher"));
    byte[] json = Files.readAllBytes(run.resolve("run.json"));
    Files.write(run.resolve("run.json"), java.util.Arrays.copyOf(json, json.length / 2));

    FaultRuns.Outcome verify = FaultRuns.cli("verify", run.toString());
    assertThat(verify.exitCode()).isEqualTo(1);
    assertThat(verify.out()).contains("run.json").contains("damaged").contains("distillery resume");

    FaultRuns.Outcome again = FaultRuns.cli("resume", run.toString(), "--metrics-port", "-1", "-q");
    assertThat(again.exitCode()).as(again.all()).isZero();
    assertThat(again.all())
        .contains("run.json could not be read")
        .contains("2 finished (teacher, student)")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    try (Stream<Path> files = Files.list(run)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .anyMatch(name -> name.startsWith("run.json.damaged-"));
    }
    RunState state = RunState.read(run.resolve("run.json"));
    assertThat(state.status).isEqualTo("succeeded");
    assertThat(state.stages.get("teacher").status).isEqualTo(StageStatus.SUCCEEDED);
    assertThat(Files.readAllLines(run.resolve("metrics.jsonl")))
        .filteredOn(line -> line.contains("\"event\":\"reused\""))
        .hasSize(2);
    assertThat(Files.readAllBytes(FaultRuns.params(run, "teacher"))).isEqualTo(teacher);
  }

  @Test
  void aChangedArtifactIsReportedByVerifyAndTheStageRunsAgainToTheSameBytes(@TempDir Path directory)
      throws Exception {
    Path pipeline = FaultRuns.write(directory);
    Path runs = directory.resolve("runs");
    assertThat(FaultRuns.run(pipeline, runs).exitCode()).isZero();
    Path run = FaultRuns.runDirectory(runs);
    assertThat(FaultRuns.cli("verify", run.toString()).exitCode()).isZero();
    Path params = FaultRuns.params(run, "teacher");
    byte[] original = Files.readAllBytes(params);
    byte[] garbage = original.clone();
    garbage[garbage.length / 2] ^= 0x5a;
    Files.write(params, garbage); // same size, other content

    FaultRuns.Outcome verify = FaultRuns.cli("verify", run.toString());
    assertThat(verify.exitCode()).isEqualTo(1);
    assertThat(verify.out())
        .contains("teacher")
        .contains("DAMAGED: model.params changed")
        .contains("distillery resume");

    FaultRuns.Outcome again = FaultRuns.run(pipeline, runs);
    assertThat(again.exitCode()).as(again.all()).isZero();
    assertThat(again.all()).contains("its files changed since").doesNotContain("\tat ");
    assertThat(Files.readAllBytes(params)).isEqualTo(original);
    assertThat(FaultRuns.cli("verify", run.toString()).exitCode()).isZero();
  }
}
