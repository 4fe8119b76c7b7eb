package dev.distillery.stages.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.stages.cluster.ClusterProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL at seeded moments spread over a whole run (start-up, training, checkpoint writes,
 * evaluation), then {@code resume} each time: the run always finishes, with the parameters and
 * report figures of an undisturbed run.
 */
class KillAtAnyMomentTest {

  static final String PIPELINE =
      FaultRuns.PIPELINE
              .replace("pipeline: faults", "pipeline: kills")
              .replace("epochs: 3", "epochs: 6")
          + """
            evaluate:
              uses: evaluate
              needs: [teacher, student]
          """;

  @Test
  void killedAtSeededMomentsTheRunResumesToTheSameBytes(@TempDir Path directory) throws Exception {
    Files.writeString(directory.resolve("kills.yaml"), PIPELINE);
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
              "kills.yaml");
      assertThat(ClusterProcesses.exitCode(reference, Duration.ofMinutes(2)))
          .as(jvms.read("reference"))
          .isZero();
      Path expected = only(directory.resolve("reference"));

      // each kill lands a seeded few hundred milliseconds after the run has written another
      // record (an epoch, a stage's start or end, an evaluation): spread over the whole run
      SplittableRandom random = new SplittableRandom(20261206L);
      Path runs = directory.resolve("killed");
      Process run =
          jvms.start(
              "run-0", "run", "--runs-dir", "killed", "--metrics-port", "-1", "-q", "kills.yaml");
      int kills = 0;
      long linesBefore = 0;
      for (int attempt = 1; attempt <= 4; attempt++) {
        long after = linesBefore;
        Process current = run;
        ClusterProcesses.await(
            () -> !current.isAlive() || lines(runs) > after, Duration.ofMinutes(2), "no progress");
        Thread.sleep(random.nextLong(700));
        if (!run.isAlive()) {
          break; // it finished first
        }
        run.destroyForcibly().waitFor();
        kills++;
        linesBefore = lines(runs);
        run =
            jvms.start(
                "run-" + attempt, "resume", "--metrics-port", "-1", "-q", only(runs).toString());
      }
      assertThat(ClusterProcesses.exitCode(run, Duration.ofMinutes(2))).isZero();
      assertThat(kills).as("kills that landed").isGreaterThanOrEqualTo(2);
      Path killed = only(directory.resolve("killed"));
      for (String stage : List.of("teacher", "student")) {
        assertThat(
                Files.mismatch(FaultRuns.params(expected, stage), FaultRuns.params(killed, stage)))
            .as("parameters of %s after %d kills", stage, kills)
            .isEqualTo(-1L);
      }
      // the evaluation's figures (not its timings, which no two runs share)
      assertThat(figures(killed.resolve("report.json")))
          .isEqualTo(figures(expected.resolve("report.json")));
    }
  }

  /** Every number of a report except timings and latencies, by its JSON path. */
  private static java.util.Map<String, Double> figures(Path report) throws Exception {
    java.util.Map<String, Double> found = new java.util.TreeMap<>();
    collect(dev.distillery.options.OptionsMapper.mapper().readTree(report.toFile()), "", found);
    assertThat(found).isNotEmpty();
    return found;
  }

  private static void collect(
      com.fasterxml.jackson.databind.JsonNode node,
      String path,
      java.util.Map<String, Double> out) {
    String lower = path.toLowerCase(java.util.Locale.ROOT);
    if (lower.contains("latency") || lower.contains("second") || lower.contains("time")) {
      return;
    }
    if (node.isNumber()) {
      out.put(path, node.asDouble());
    } else if (node.isObject()) {
      node.fields().forEachRemaining(e -> collect(e.getValue(), path + "/" + e.getKey(), out));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(node.get(i), path + "/" + i, out);
      }
    }
  }

  /** Lines of the run's metrics.jsonl so far (0 before it exists). */
  private static long lines(Path runs) {
    try {
      return Files.readAllLines(only(runs).resolve("metrics.jsonl")).size();
    } catch (Exception e) {
      return 0;
    }
  }

  private static Path only(Path runs) throws Exception {
    try (var ids = Files.list(runs.resolve("kills"))) {
      return ids.filter(Files::isDirectory).findFirst().orElseThrow();
    }
  }
}
