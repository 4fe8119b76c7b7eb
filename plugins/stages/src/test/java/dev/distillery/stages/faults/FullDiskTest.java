package dev.distillery.stages.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.run.RunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk mid-run ends the run promptly (no hang) with a message naming the file and the
 * operating system's reason and no stack trace; run.json stays readable; after space is freed,
 * {@code resume} finishes with the bytes of an undisturbed run. The disk is a 320 KiB tmpfs where
 * this machine lets the test mount one (root, as in CI), else metrics.jsonl is pointed at
 * /dev/full, which fails every write with "No space left on device".
 */
class FullDiskTest {

  @Test
  void aFullDiskEndsTheRunWithTheReasonAndResumeFinishesBitExact(@TempDir Path directory)
      throws Exception {
    Path pipeline = FaultRuns.write(directory);
    Path reference = directory.resolve("reference");
    assertThat(FaultRuns.run(pipeline, reference).exitCode()).isZero();
    Path expected = FaultRuns.runDirectory(reference);

    Path small = directory.resolve("small");
    Files.createDirectories(small);
    boolean mounted = command("mount", "-t", "tmpfs", "-o", "size=320k", "tmpfs", small.toString());
    try {
      Path runs = small.resolve("runs");
      Path run;
      Path metrics = null;
      byte[] metricsBefore = null;
      FaultRuns.Outcome full;
      if (mounted) {
        full = bounded(() -> FaultRuns.run(pipeline, runs));
        run = FaultRuns.runDirectory(runs);
      } else {
        // no mount here: make a run directory, then let every record hit a full device
        assertThat(
                FaultRuns.cli(
                        "run",
                        pipeline.toString(),
                        "--runs-dir",
                        runs.toString(),
                        "--metrics-port",
                        "-1",
                        "-q",
                        "--new-run")
                    .exitCode())
            .isZero();
        run = FaultRuns.runDirectory(runs);
        // start over in the same directory with the disk "full"
        for (String stage : List.of("teacher", "student")) {
          deleteTree(run.resolve("stages").resolve(stage));
        }
        Files.delete(run.resolve("run.json"));
        Files.copy(expected.resolve("run.json"), run.resolve("run.json"));
        metrics = run.resolve("metrics.jsonl");
        metricsBefore = Files.readAllBytes(metrics);
        Files.delete(metrics);
        Files.createSymbolicLink(metrics, Path.of("/dev/full"));
        Path target = run;
        full =
            bounded(() -> FaultRuns.cli("resume", target.toString(), "--metrics-port", "-1", "-q"));
      }
      assertThat(full.exitCode()).as(full.all()).isNotZero();
      assertThat(full.all())
          .contains("No space left on device")
          .doesNotContain("\tat ")
          .doesNotContain("internal error");
      RunState.read(run.resolve("run.json")); // still readable

      if (mounted) {
        assertThat(command("mount", "-o", "remount,size=64m", small.toString())).isTrue();
      } else {
        Files.delete(metrics);
        Files.write(metrics, metricsBefore);
      }
      FaultRuns.Outcome resumed =
          bounded(() -> FaultRuns.cli("resume", run.toString(), "--metrics-port", "-1", "-q"));
      assertThat(resumed.exitCode()).as(resumed.all()).isZero();
      for (String stage : List.of("teacher", "student")) {
        assertThat(Files.mismatch(FaultRuns.params(expected, stage), FaultRuns.params(run, stage)))
            .as("parameters of %s after the disk was full", stage)
            .isEqualTo(-1L);
      }
    } finally {
      if (mounted) {
        command("umount", "-l", small.toString()); // lazily: the in-process log may hold a file
      }
    }
  }

  private interface Call {
    FaultRuns.Outcome call() throws Exception;
  }

  /** A run that must end within two minutes: a hang fails the test instead of the build. */
  private static FaultRuns.Outcome bounded(Call call) throws Exception {
    CompletableFuture<FaultRuns.Outcome> outcome =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return call.call();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    return outcome.get(120, TimeUnit.SECONDS);
  }

  private static boolean command(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  private static void deleteTree(Path root) throws Exception {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
