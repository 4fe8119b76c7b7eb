package dev.distillery.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** distillery.stage.state is 1 for the current state of a stage and 0 for the five others. */
class RunMetricsStageStateTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void onlyCurrentStateIsOne() {
    RunMetrics run = new RunMetrics(registry, "p", "r1");

    run.stageState("train", StageState.RUNNING);
    run.stageState("train", StageState.FAILED);
    run.stageState("eval", StageState.PENDING);

    assertThat(states("train"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "pending", 0.0,
                "running", 0.0,
                "succeeded", 0.0,
                "failed", 1.0,
                "skipped", 0.0,
                "cancelled", 0.0));
    assertThat(states("eval")).containsEntry("pending", 1.0).containsEntry("failed", 0.0);
    assertThat(run.stageState("train")).isEqualTo(StageState.FAILED);
  }

  private Map<String, Double> states(String stage) {
    Map<String, Double> states = new TreeMap<>();
    for (Gauge gauge : registry.find("distillery.stage.state").tag("stage", stage).gauges()) {
      assertThat(gauge.getId().getTag("pipeline")).isEqualTo("p");
      states.put(gauge.getId().getTag("state"), gauge.value());
    }
    return states;
  }
}
