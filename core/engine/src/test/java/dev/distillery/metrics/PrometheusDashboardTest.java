package dev.distillery.metrics;

import static dev.distillery.metrics.MetricsTesting.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every PromQL expression of grafana/distillery-dashboard.json, and every label_values query of its
 * template variables, returns data from a real Prometheus scraping a MetricsServer fed by
 * RunMetrics. Runs /usr/bin/prometheus (Debian package {@code prometheus}); fails when it is
 * missing.
 */
class PrometheusDashboardTest {

  private static final String PIPELINE = "dashboard-check";
  private static final String RUN_ID = "run-1";
  private static final Duration UP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LABEL_VALUES =
      Pattern.compile("^label_values\\((.+),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)$");

  /** Values for the dashboard's variables, as Grafana would interpolate them. */
  private static final Map<String, String> VARIABLES =
      Map.of(
          "$__rate_interval", "5s",
          "$pipeline", PIPELINE,
          "$run_id", RUN_ID,
          // instant panels show the last value in the dashboard's time range
          "$__range", "1h",
          // A multi-value variable in a regex matcher: Grafana writes (a|b).
          "$stage", "(prepare|train)",
          // "All" of a multi-value variable with allValue .*
          "$instance", ".*");

  @Test
  void everyDashboardQueryReturnsSeries(@TempDir Path dir) throws Exception {
    Path prometheus = PrometheusTooling.require(PrometheusTooling.PROMETHEUS);
    JsonNode dashboard =
        JSON.readTree(
            PrometheusTooling.repositoryRoot()
                .resolve("grafana/distillery-dashboard.json")
                .toFile());
    List<String> expressions = new ArrayList<>();
    collectExpressions(dashboard.path("panels"), expressions);
    List<String> variableQueries = new ArrayList<>();
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if ("query".equals(variable.path("type").asText())) {
        variableQueries.add(variable.path("definition").asText());
      }
    }
    assertThat(expressions).hasSizeGreaterThanOrEqualTo(12);
    assertThat(variableQueries).hasSize(4);

    // as on a worker: every meter tagged with the worker's name
    try (MetricsSetup setup =
            MetricsSetup.create(io.micrometer.core.instrument.Tags.of("worker", "w1"));
        RunMetrics run = new RunMetrics(setup.registry(), PIPELINE, RUN_ID)) {
      Vertx vertx = setup.createVertx();
      Process process = null;
      Path log = dir.resolve("prometheus.log");
      try {
        MetricsServer server = await(MetricsServer.start(vertx, setup.registry(), null, 0));
        record(run, vertx);

        int port = freePort();
        Files.writeString(dir.resolve("prometheus.yml"), config(server.port()));
        process =
            new ProcessBuilder(
                    prometheus.toString(),
                    "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        String api = "http://127.0.0.1:" + port + "/api/v1";

        awaitTargetUp(process, api, log);
        Map<String, String> failures = new LinkedHashMap<>();
        long deadline = System.nanoTime() + QUERY_TIMEOUT.toNanos();
        for (String expression : expressions) {
          String promql = substitute(expression);
          String last = pollQuery(api, promql, deadline);
          if (last != null) {
            failures.put(promql, last);
          }
        }
        for (String query : variableQueries) {
          String last = checkLabelValues(api, query, "127.0.0.1:" + server.port());
          if (last != null) {
            failures.put(query, last);
          }
        }
        assertThat(failures)
            .as(
                "dashboard queries without data (Prometheus log:\n%s)",
                PrometheusTooling.tail(log, 20))
            .isEmpty();
      } finally {
        if (process != null) {
          process.destroy();
          if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
          }
        }
        await(vertx.close());
      }
    }
  }

  /** A run in progress: one stage done, one training, values moving. */
  private static void record(RunMetrics run, Vertx vertx) {
    run.stageState("prepare", StageState.RUNNING);
    run.stageStarted("prepare");
    run.stageFinished("prepare");
    run.stageState("prepare", StageState.SUCCEEDED);
    run.stageState("train", StageState.RUNNING);
    run.stageStarted("train");
    StageMeters train =
        run.stage("train")
            .epoch(2, 10)
            .loss("ce", 0.7)
            .loss("kd", 1.3)
            .loss("total", 1.24)
            .accuracy("train", 0.8)
            .accuracy("validation", 0.75)
            .learningRate(0.01)
            .throughput(1000)
            .agreement("generated", 0.6)
            .playerLearningRate("generator", 0.2)
            .classCoverage(9)
            .collapses(1)
            .frechetDistance("student-w2", 12.5);
    // as the evaluate stage publishes its results (EvaluationMeters, with its monitor's tags)
    for (String name : List.of("top1", "agreement", "gain")) {
      io.micrometer.core.instrument.Gauge.builder("distillery.evaluation." + name, () -> 0.5)
          .baseUnit("ratio")
          .tags(run.stageTags("evaluate").and("model", "train"))
          .register(run.registry());
    }
    run.workerSlots("gpu0", () -> 1, 1);
    WorkerMeters worker = new WorkerMeters(run.registry(), "w1");
    worker.pool("cpu", 2, () -> 1);
    worker.running(List.of(new WorkerMeters.RunningStage("run-1", "train", "cpu")));
    vertx.setPeriodic(100, id -> train.steps(1).samples(128));
  }

  private static String config(int metricsPort) {
    return "global:\n"
        + "  scrape_interval: 1s\n"
        + "  evaluation_interval: 1s\n"
        + "scrape_configs:\n"
        + "  - job_name: distillery\n"
        + "    static_configs:\n"
        + "      - targets: ['127.0.0.1:"
        + metricsPort
        + "']\n";
  }

  private static void awaitTargetUp(Process process, String api, Path log) throws Exception {
    long deadline = System.nanoTime() + UP_TIMEOUT.toNanos();
    String last = "(no answer)";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "Prometheus exited with "
                + process.exitValue()
                + ":\n"
                + PrometheusTooling.tail(log, 30));
      }
      try {
        JsonNode answer = query(api, "up{job=\"distillery\"} == 1");
        if (answer.path("data").path("result").size() == 1) {
          return;
        }
        last = answer.toString();
      } catch (java.io.IOException e) {
        last = e.toString(); // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "Prometheus did not see the metrics target up within "
            + UP_TIMEOUT.toSeconds()
            + " s; last answer "
            + last
            + "\n"
            + PrometheusTooling.tail(log, 30));
  }

  /** Null when {@code promql} returned at least one series before the deadline, else the answer. */
  private static String pollQuery(String api, String promql, long deadline) throws Exception {
    String last;
    do {
      JsonNode answer = query(api, promql);
      if ("success".equals(answer.path("status").asText())
          && answer.path("data").path("result").size() > 0) {
        return null;
      }
      last = answer.toString();
      if (!"success".equals(answer.path("status").asText())) {
        return last; // a PromQL error does not heal by waiting
      }
      Thread.sleep(250);
    } while (System.nanoTime() < deadline);
    return last;
  }

  /** Null when the variable's label_values query lists the values the run published. */
  private static String checkLabelValues(String api, String definition, String instance)
      throws Exception {
    Matcher m = LABEL_VALUES.matcher(definition.trim());
    if (!m.matches()) {
      return "not a label_values(selector, label) query";
    }
    String selector = substitute(m.group(1).trim());
    String label = m.group(2);
    HttpResponse<String> response =
        MetricsTesting.get(api + "/label/" + label + "/values?match[]=" + encode(selector));
    JsonNode answer = JSON.readTree(response.body());
    List<String> values = new ArrayList<>();
    answer.path("data").forEach(v -> values.add(v.asText()));
    List<String> expected =
        switch (label) {
          case "pipeline" -> List.of(PIPELINE);
          case "instance" -> List.of(instance); // the scraped target
          case "run_id" -> List.of(RUN_ID);
          default -> List.of("prepare", "train");
        };
    return "success".equals(answer.path("status").asText()) && values.containsAll(expected)
        ? null
        : "expected " + expected + ", got " + answer;
  }

  private static JsonNode query(String api, String promql) throws Exception {
    HttpResponse<String> response = MetricsTesting.get(api + "/query?query=" + encode(promql));
    return JSON.readTree(response.body());
  }

  private static String substitute(String expression) {
    String result = expression;
    for (Map.Entry<String, String> variable : VARIABLES.entrySet()) {
      result = result.replace(variable.getKey(), variable.getValue());
    }
    assertThat(result).as("unknown dashboard variable in %s", expression).doesNotContain("$");
    return result;
  }

  private static void collectExpressions(JsonNode panels, List<String> expressions) {
    for (JsonNode panel : panels) {
      for (JsonNode target : panel.path("targets")) {
        assertThat(target.path("datasource").path("uid").asText())
            .as("datasource of panel %s", panel.path("title").asText())
            .isEqualTo("${DS_PROMETHEUS}");
        expressions.add(target.path("expr").asText());
      }
      collectExpressions(panel.path("panels"), expressions); // collapsed rows nest panels
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
