package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.cli.DistilleryCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Prometheus, with the shipped rules (deploy/prometheus/distillery-rules.yml), scrapes a
 * real diverging pipeline run through the CLI: the alerts DistilleryLossNaN and
 * DistilleryStageFailed fire for that run, the final state reaches Prometheus (the run serves it
 * until it was scraped: --metrics-linger), and after the run every panel of the dashboard's stage,
 * training, evaluation and process rows has data. (The generation and cluster-worker rows need
 * data-free stages and worker processes; PrometheusDashboardTest checks their queries.)
 *
 * <p>The two alerts have no {@code for:} in the shipped rules, so they fire at the first evaluation
 * (every second here) that sees the condition: the shipped file is loaded as it is.
 */
class PrometheusSeesADivergingRunTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A stage that must diverge (lr 1e6) beside a teacher, a student and their evaluation. */
  private static final String PIPELINE =
      """
      pipeline: diverging-run
      seed: 5
      device: cpu
      dataset:
        name: synthetic
        validation: 0.125
        # enough steps that the healthy stages train for several 1 s scrapes even on a warm JVM
        # (~4 s at 3,700 img/s): a rate needs two samples of a counter
        with: {train-size: 2048, test-size: 32}
      stages:
        exploding:
          uses: train
          with: {model: lenet5-half, epochs: 1, batch-size: 32, optimizer: {type: sgd, lr: 1.0e+6}}
        teacher:
          uses: train
          with: {model: lenet5-half, epochs: 30, batch-size: 32, optimizer: {type: sgd, lr: 0.02}}
        student:
          uses: distill
          needs: [teacher]
          with: {teacher: teacher, student: lenet5-half, epochs: 3, batch-size: 32}
        evaluate:
          uses: evaluate
          needs: [teacher, student]
          with: {latency-runs: 1, baseline: teacher}
      """;

  /** Rows whose panels need data-free or GAN stages, or `distillery worker` processes. */
  private static final Set<String> ROWS_NOT_IN_THIS_RUN =
      Set.of("Generation (data-free and GAN stages)", "Cluster workers");

  @Test
  void alertsFireAndEveryPanelHasDataAfterTheRun(@TempDir Path directory) throws Exception {
    Path root = repositoryRoot();
    Path rules = root.resolve("deploy/prometheus/distillery-rules.yml");
    int metricsPort = RealPrometheus.freePort();
    Path file = TinyPipelines.write(directory, "diverging.yaml", PIPELINE);
    Files.createDirectories(directory.resolve("prometheus"));
    try (RealPrometheus prometheus =
        RealPrometheus.start(directory.resolve("prometheus"), "127.0.0.1:" + metricsPort, rules)) {
      double started = System.currentTimeMillis() / 1000.0;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      PrintStream original = System.out;
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      int code;
      try {
        code =
            DistilleryCli.execute(
                "run",
                file.toString(),
                "--runs-dir",
                directory.resolve("runs").toString(),
                "--metrics-port",
                String.valueOf(metricsPort),
                "--metrics-linger",
                "20",
                // one thread, stages side by side: the run lasts long enough for several scrapes
                // (a rate needs two samples in its window) whatever the machine
                "--threads",
                "1",
                "--cpu-slots",
                "2",
                "-q");
      } finally {
        System.setOut(original);
      }
      String printed = out.toString(StandardCharsets.UTF_8);
      assertThat(code).as(printed).isEqualTo(1);
      assertThat(printed)
          .contains("metrics: serving the final state until Prometheus scrapes it")
          .contains("--metrics-linger 0");
      String runId = runId(directory.resolve("runs"));
      String run = "pipeline=\"diverging-run\", run_id=\"" + runId + "\"";

      // the run has ended and its target is gone: what follows is what a user sees afterwards
      awaitNonEmpty(prometheus, "up{job=\"distillery\"} == 0", "the target going down");

      // both alerts fired for this run, on the stage that diverged
      JsonNode nan =
          prometheus.query(
              "max_over_time(ALERTS{alertname=\"DistilleryLossNaN\", alertstate=\"firing\", "
                  + run
                  + "}[5m])");
      assertThat(labels(nan, "stage")).as("DistilleryLossNaN %s", nan).contains("exploding");
      JsonNode failed =
          prometheus.query(
              "max_over_time(ALERTS{alertname=\"DistilleryStageFailed\", alertstate=\"firing\", "
                  + run
                  + "}[5m])");
      assertThat(labels(failed, "stage"))
          .as("DistilleryStageFailed %s", failed)
          .contains("exploding");

      // the loss gauge held the non-finite value, not the last finite one
      JsonNode loss =
          prometheus.query(
              "last_over_time(distillery_training_loss{"
                  + run
                  + ", stage=\"exploding\", component=\"total\"}[5m])");
      assertThat(loss).hasSize(1);
      assertThat(loss.get(0).path("value").get(1).asText()).isIn("NaN", "+Inf", "-Inf");

      // the final state reached Prometheus: the last stage succeeded, none is left running
      assertThat(
              labels(
                  prometheus.query("last_over_time(distillery_stage_state{" + run + "}[5m]) == 1"),
                  "stage",
                  "state"))
          .containsExactlyInAnyOrder(
              "exploding failed", "teacher succeeded", "student succeeded", "evaluate succeeded");
      assertThat(
              labels(
                  prometheus.query(
                      "last_over_time(distillery_evaluation_top1_ratio{" + run + "}[5m])"),
                  "model"))
          .containsExactlyInAnyOrder("teacher", "student");

      // every panel of the rows this run feeds has data after the run
      double now = System.currentTimeMillis() / 1000.0;
      Map<String, String> empty = new LinkedHashMap<>();
      for (PanelQuery panel : panelQueries(root)) {
        String promql =
            panel
                .expr()
                .replace("$pipeline", "diverging-run")
                .replace("$run_id", runId)
                .replace("$stage", ".*")
                .replace("$instance", ".*")
                .replace("$__rate_interval", "4s")
                .replace("$__range", "5m");
        assertThat(promql).as("unknown variable in %s", panel.expr()).doesNotContain("$");
        JsonNode result =
            panel.instant()
                ? prometheus.query(promql)
                : prometheus.queryRange(promql, started, now);
        if (result.isEmpty()) {
          empty.put(panel.title() + ": " + promql, result.toString());
        }
      }
      if (!empty.isEmpty()) {
        empty.put(
            "samples of distillery_training_steps_total per stage (a rate needs 2)",
            prometheus
                .query("count_over_time(distillery_training_steps_total{" + run + "}[5m])")
                .toString());
        empty.put("run output", printed);
      }
      assertThat(empty)
          .as(
              "dashboard panels without data after the run (Prometheus log:\n%s)",
              prometheus.logTail())
          .isEmpty();
    }
  }

  private record PanelQuery(String title, String expr, boolean instant) {}

  /** The queries of every panel outside {@link #ROWS_NOT_IN_THIS_RUN} (rows are not nested). */
  private static List<PanelQuery> panelQueries(Path root) throws Exception {
    JsonNode dashboard = JSON.readTree(root.resolve("grafana/distillery-dashboard.json").toFile());
    List<PanelQuery> queries = new ArrayList<>();
    String row = "";
    for (JsonNode panel : dashboard.path("panels")) {
      if ("row".equals(panel.path("type").asText())) {
        row = panel.path("title").asText();
        continue;
      }
      if (ROWS_NOT_IN_THIS_RUN.contains(row)) {
        continue;
      }
      for (JsonNode target : panel.path("targets")) {
        queries.add(
            new PanelQuery(
                panel.path("title").asText(),
                target.path("expr").asText(),
                target.path("instant").asBoolean(false)));
      }
    }
    assertThat(queries).hasSizeGreaterThanOrEqualTo(15);
    return queries;
  }

  private static List<String> labels(JsonNode result, String... names) {
    List<String> values = new ArrayList<>();
    for (JsonNode series : result) {
      List<String> parts = new ArrayList<>();
      for (String name : names) {
        parts.add(series.path("metric").path(name).asText());
      }
      values.add(String.join(" ", parts));
    }
    return values;
  }

  private static void awaitNonEmpty(RealPrometheus prometheus, String promql, String what)
      throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (prometheus.query(promql).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Prometheus never saw " + what + " within 10 s");
      }
      Thread.sleep(200);
    }
  }

  private static String runId(Path runs) throws Exception {
    try (Stream<Path> pipelines = Files.list(runs.resolve("diverging-run"))) {
      return pipelines
          .filter(Files::isDirectory)
          .findFirst()
          .orElseThrow()
          .getFileName()
          .toString();
    }
  }

  private static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("grafana/distillery-dashboard.json"))) {
        return dir;
      }
    }
    throw new AssertionError(
        "grafana/distillery-dashboard.json not found above the working directory");
  }
}
