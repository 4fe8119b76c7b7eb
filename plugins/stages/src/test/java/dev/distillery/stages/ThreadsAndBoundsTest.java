package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.engine.ThreadCounts;
import dev.distillery.run.RunState;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libtorch's threads are set explicitly, shared out between CPU slots and recorded in run.json; a
 * batch size too large to count is refused before anything runs.
 */
class ThreadsAndBoundsTest {

  @Test
  void threadsAreSharedOutBetweenSlotsAndRecorded(@TempDir Path directory) throws Exception {
    int before = ThreadCounts.current(1).intraOp();
    try {
      Path file = TinyPipelines.write(directory, "threads.yaml", TinyPipelines.SINGLE_TRAIN);
      int code =
          dev.distillery.cli.DistilleryCli.execute(
              "run",
              file.toString(),
              "--runs-dir",
              directory.resolve("runs").toString(),
              "--metrics-port",
              "-1",
              "--threads",
              "2",
              "--cpu-slots",
              "2",
              "-q");
      assertThat(code).isZero();
      Path run = TinyPipelines.runToEnd(directory, file); // the same run, now up to date
      RunState state = RunState.read(run.resolve("run.json"));
      // the second invocation used the defaults: the machine's cores on one slot
      int cores = Runtime.getRuntime().availableProcessors();
      assertThat(state.threads).containsEntry("intra-op", cores).containsEntry("cpu-slots", 1);
      assertThat(ThreadCounts.apply(2, 2).intraOp()).isEqualTo(1);
      assertThat(ThreadCounts.apply(3, 1).intraOp()).isEqualTo(3);
    } finally {
      ThreadCounts.apply(before, 1);
    }
  }

  @Test
  void aBatchSizeTooLargeToCountIsRefusedBeforeItRuns(@TempDir Path directory) throws Exception {
    String printed =
        TinyPipelines.refusedRun(
            directory,
            TinyPipelines.SINGLE_TRAIN.replace("batch-size: 32", "batch-size: 1073741824"));
    assertThat(printed)
        .contains("batch-size must be from 1 to 1048576 (2^20), got 1073741824")
        .doesNotContain("Exception");
  }
}
