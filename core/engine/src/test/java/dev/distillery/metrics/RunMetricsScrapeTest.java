package dev.distillery.metrics;

import static dev.distillery.metrics.MetricsTesting.await;
import static dev.distillery.metrics.MetricsTesting.get;
import static dev.distillery.metrics.MetricsTesting.parse;
import static dev.distillery.metrics.MetricsTesting.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.metrics.MetricsTesting.Sample;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What RunMetrics records is what GET /metrics shows, with Prometheus names, tags and values. */
class RunMetricsScrapeTest {

  private static final Map<String, String> TRAIN =
      Map.of("pipeline", "mnist-kd", "run_id", "run-42", "stage", "train");

  @Test
  void scrapeShowsRecordedRunMeters() throws Exception {
    try (MetricsSetup setup = MetricsSetup.create()) {
      Vertx vertx = setup.createVertx();
      try {
        MetricsServer server =
            await(MetricsServer.start(vertx, setup.registry(), MetricsServer.DEFAULT_HOST, 0));
        RunMetrics run = new RunMetrics(setup.registry(), "mnist-kd", "run-42");
        run.stageState("prepare", StageState.SUCCEEDED);
        run.stageState("train", StageState.PENDING);
        run.stageState("train", StageState.RUNNING);
        run.stageStarted("train");
        run.stage("train")
            .epoch(3, 20)
            .steps(100)
            .steps(20)
            .samples(15_360)
            .loss("ce", 0.5)
            .loss("kd", 1.25)
            .accuracy("validation", 0.875)
            .learningRate(0.05)
            .throughput(1200);
        run.workerSlots("gpu0", () -> 1, 2);

        HttpResponse<String> response = get(server.url());

        assertThat(response.statusCode()).isEqualTo(200);
        String body = response.body();
        assertThat(body)
            .contains(
                "distillery_stage_state{pipeline=\"mnist-kd\",run_id=\"run-42\",stage=\"train\","
                    + "state=\"running\"}"
                    + " 1.0\n",
                "distillery_stage_state{pipeline=\"mnist-kd\",run_id=\"run-42\",stage=\"train\","
                    + "state=\"pending\"}"
                    + " 0.0\n",
                "distillery_training_steps_total{pipeline=\"mnist-kd\",run_id=\"run-42\","
                    + "stage=\"train\"} 120.0\n",
                "distillery_run_info{pipeline=\"mnist-kd\",run_id=\"run-42\"} 1\n");
        List<Sample> samples = parse(body);
        assertThat(value(samples, "distillery_stage_state", state("prepare", "succeeded")))
            .hasValue(1.0);
        assertThat(value(samples, "distillery_stage_state", state("prepare", "running")))
            .hasValue(0.0);
        assertThat(value(samples, "distillery_training_epoch", TRAIN)).hasValue(3.0);
        assertThat(value(samples, "distillery_training_epochs", TRAIN)).hasValue(20.0);
        assertThat(value(samples, "distillery_training_samples_total", TRAIN)).hasValue(15_360.0);
        assertThat(value(samples, "distillery_training_loss", with(TRAIN, "component", "ce")))
            .hasValue(0.5);
        assertThat(value(samples, "distillery_training_loss", with(TRAIN, "component", "kd")))
            .hasValue(1.25);
        assertThat(
                value(
                    samples,
                    "distillery_training_accuracy_ratio",
                    with(TRAIN, "split", "validation")))
            .hasValue(0.875);
        assertThat(value(samples, "distillery_training_learning_rate", TRAIN)).hasValue(0.05);
        assertThat(value(samples, "distillery_training_throughput_samples_per_second", TRAIN))
            .hasValue(1200.0);
        assertThat(value(samples, "distillery_stage_elapsed_seconds", TRAIN)).isPresent();
        Map<String, String> gpu0 =
            Map.of("pipeline", "mnist-kd", "run_id", "run-42", "pool", "gpu0");
        assertThat(value(samples, "distillery_worker_slots_used_slots", gpu0)).hasValue(1.0);
        assertThat(value(samples, "distillery_worker_slots_total_slots", gpu0)).hasValue(2.0);
        // Every Distillery series carries the run id.
        assertThat(samples)
            .filteredOn(s -> s.name().startsWith("distillery_"))
            .isNotEmpty()
            .allSatisfy(s -> assertThat(s.labels()).containsEntry("run_id", "run-42"));
        assertThat(body).contains("# HELP distillery_training_loss Latest training loss");
        await(server.close());
      } finally {
        await(vertx.close());
      }
    }
  }

  private static Map<String, String> state(String stage, String state) {
    return Map.of("pipeline", "mnist-kd", "run_id", "run-42", "stage", stage, "state", state);
  }

  private static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> labels = new java.util.HashMap<>(base);
    labels.put(key, value);
    return labels;
  }
}
