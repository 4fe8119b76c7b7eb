package dev.distillery.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * close() removes a run's meters, and a later run of the same pipeline in the same registry reports
 * its own values (the gauges are not left bound to the old run's state).
 */
class RunMetricsCloseTest {

  @Test
  void laterRunOfSamePipelineReportsItsOwnValues() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RunMetrics first = new RunMetrics(registry, "p", "r1");
    first.stage("train").loss("ce", 2.0).steps(10);
    first.stageState("train", StageState.SUCCEEDED);

    first.close();
    assertThat(registry.getMeters()).isEmpty();

    RunMetrics second = new RunMetrics(registry, "p", "r2");
    second.stage("train").loss("ce", 0.5).steps(3);
    second.stageState("train", StageState.RUNNING);
    assertThat(registry.get("distillery.training.loss").gauge().value()).isEqualTo(0.5);
    assertThat(registry.get("distillery.training.steps").counter().count()).isEqualTo(3.0);
    assertThat(registry.get("distillery.run.info").gauge().getId().getTag("run.id"))
        .isEqualTo("r2");
    assertThat(registry.get("distillery.stage.state").tag("state", "running").gauge().value())
        .isEqualTo(1.0);
  }
}
