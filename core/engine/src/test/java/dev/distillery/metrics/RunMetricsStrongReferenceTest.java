package dev.distillery.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Micrometer holds gauge state weakly; RunMetrics holds it strongly, so gauges keep their values
 * after a garbage collection even when the caller kept nothing.
 */
class RunMetricsStrongReferenceTest {

  @Test
  void gaugesSurviveGarbageCollection() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RunMetrics run = new RunMetrics(registry, "p", "r1");
    AtomicInteger busy = new AtomicInteger(1);
    record(run, busy);

    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(10);
    }

    assertThat(registry.get("distillery.training.loss").tag("component", "kd").gauge().value())
        .isEqualTo(0.25);
    assertThat(registry.get("distillery.training.epoch").gauge().value()).isEqualTo(2.0);
    assertThat(registry.get("distillery.run.info").gauge().value()).isEqualTo(1.0);
    assertThat(registry.get("distillery.stage.state").tag("state", "running").gauge().value())
        .isEqualTo(1.0);
    busy.set(2);
    assertThat(registry.get("distillery.worker.slots.used").gauge().value()).isEqualTo(2.0);
    assertThat(registry.get("distillery.worker.slots.total").gauge().value()).isEqualTo(4.0);
  }

  /** Records through temporaries that are unreachable once this method returns. */
  private static void record(RunMetrics run, AtomicInteger busy) {
    run.stage("train").loss("kd", 0.25).epoch(2, 10);
    run.stageState("train", StageState.RUNNING);
    run.workerSlots("cpu", busy::get, 4);
  }
}
