package dev.distillery.metrics;

import static dev.distillery.metrics.MetricsTesting.parse;
import static dev.distillery.metrics.MetricsTesting.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.metrics.MetricsTesting.Sample;
import io.micrometer.core.instrument.Gauge;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two runs of the same pipeline are different series ({@code run_id} on every meter), and closing
 * one run removes its meters, those a stage registered with {@link RunMetrics#stageTags} included,
 * and leaves the other run's.
 */
class RunMetricsRunIdTest {

  @Test
  void twoRunsOfOnePipelineAreSeparateSeriesAndCloseRemovesOnlyItsOwn() {
    try (MetricsSetup setup = MetricsSetup.create()) {
      RunMetrics first = new RunMetrics(setup.registry(), "p", "r1");
      RunMetrics second = new RunMetrics(setup.registry(), "p", "r2");
      first.stage("train").loss("ce", 2.0).steps(10);
      first.stageState("train", StageState.FAILED);
      second.stage("train").loss("ce", 0.5).steps(3);
      second.stageState("train", StageState.RUNNING);
      // as a stage does with its StageMonitor's meters() and tags()
      Gauge.builder("distillery.evaluation.top1", () -> 0.9)
          .baseUnit("ratio")
          .tags(first.stageTags("evaluate").and("model", "student"))
          .register(setup.registry());

      List<Sample> both = parse(setup.registry().scrape());
      assertThat(value(both, "distillery_training_loss", Map.of("run_id", "r1"))).hasValue(2.0);
      assertThat(value(both, "distillery_training_loss", Map.of("run_id", "r2"))).hasValue(0.5);
      assertThat(value(both, "distillery_training_steps_total", Map.of("run_id", "r1")))
          .hasValue(10.0);
      assertThat(
              value(
                  both,
                  "distillery_stage_state",
                  Map.of("run_id", "r1", "stage", "train", "state", "failed")))
          .hasValue(1.0);
      assertThat(
              value(
                  both,
                  "distillery_stage_state",
                  Map.of("run_id", "r2", "stage", "train", "state", "failed")))
          .hasValue(0.0);
      assertThat(
              value(
                  both,
                  "distillery_evaluation_top1_ratio",
                  Map.of("pipeline", "p", "run_id", "r1", "stage", "evaluate")))
          .hasValue(0.9);

      first.close();

      List<Sample> after = parse(setup.registry().scrape());
      assertThat(after)
          .filteredOn(s -> s.name().startsWith("distillery_"))
          .isNotEmpty()
          .allSatisfy(s -> assertThat(s.labels()).containsEntry("run_id", "r2"));
      assertThat(value(after, "distillery_training_loss", Map.of("run_id", "r2"))).hasValue(0.5);
      second.close();
    }
  }
}
