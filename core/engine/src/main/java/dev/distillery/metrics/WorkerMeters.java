package dev.distillery.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * A worker's own meters (tag {@code worker} on each; Prometheus adds {@code instance}):
 *
 * <ul>
 *   <li>{@code distillery_worker_pool_capacity_slots{worker,pool}}: slots of each pool
 *   <li>{@code distillery_worker_pool_used_slots{worker,pool}}: slots taken by running stages
 *   <li>{@code distillery_worker_stage_running{worker,run_id,stage,pool}}: 1 per stage it runs now
 * </ul>
 *
 * Gauges hold their state strongly. Thread safe.
 */
public final class WorkerMeters {

  /** A stage a worker runs now. */
  public record RunningStage(String runId, String stage, String pool) {}

  private final MeterRegistry registry;
  private final String worker;
  private final MultiGauge running;

  public WorkerMeters(MeterRegistry registry, String worker) {
    this.registry = registry;
    this.worker = worker;
    this.running =
        MultiGauge.builder("distillery.worker.stage.running")
            .description("1 for each stage the worker runs now")
            .register(registry);
  }

  /** Registers a pool's total and used slots. */
  public void pool(String pool, int slots, IntSupplier used) {
    Tags tags = Tags.of("worker", worker, "pool", pool);
    Gauge.builder("distillery.worker.pool.capacity", () -> slots)
        .tags(tags)
        .baseUnit("slots")
        .description("Slots of the worker's pool")
        .strongReference(true)
        .register(registry);
    Gauge.builder("distillery.worker.pool.used", used::getAsInt)
        .tags(tags)
        .baseUnit("slots")
        .description("Slots of the worker's pool taken by running stages")
        .strongReference(true)
        .register(registry);
  }

  /** Replaces the set of running stages. */
  public void running(List<RunningStage> stages) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (RunningStage stage : stages) {
      rows.add(
          MultiGauge.Row.of(
              Tags.of(
                  "worker",
                  worker,
                  "run_id",
                  stage.runId(),
                  "stage",
                  stage.stage(),
                  "pool",
                  stage.pool()),
              1));
    }
    running.register(rows, true);
  }
}
