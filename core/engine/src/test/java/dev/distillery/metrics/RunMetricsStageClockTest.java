package dev.distillery.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * distillery.stage.elapsed grows while a stage runs and keeps its final value; the duration is
 * recorded in distillery.stage.duration when the stage finishes.
 */
class RunMetricsStageClockTest {

  private final MockClock clock = new MockClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);

  @Test
  void elapsedWhileRunningThenDurationRecorded() {
    RunMetrics run = new RunMetrics(registry, "p", "r1");

    run.stageStarted("train");
    clock.add(Duration.ofSeconds(30));
    assertThat(elapsed()).isEqualTo(30.0);
    assertThat(registry.find("distillery.stage.duration").timer()).isNull();

    clock.add(Duration.ofSeconds(60));
    run.stageFinished("train");
    clock.add(Duration.ofSeconds(100));

    assertThat(elapsed()).isEqualTo(90.0);
    Timer duration = registry.get("distillery.stage.duration").tag("stage", "train").timer();
    assertThat(duration.count()).isEqualTo(1);
    assertThat(duration.totalTime(TimeUnit.SECONDS)).isEqualTo(90.0);
    assertThat(duration.getId().getTag("pipeline")).isEqualTo("p");

    run.stageFinished("train"); // a second finish (e.g. in a finally) records nothing
    run.stageFinished("never-started");
    assertThat(duration.count()).isEqualTo(1);
    assertThat(registry.find("distillery.stage.duration").tag("stage", "never-started").timer())
        .isNull();
  }

  private double elapsed() {
    return registry.get("distillery.stage.elapsed").tag("stage", "train").gauge().value();
  }
}
