package dev.distillery.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import java.util.function.ToDoubleFunction;

/**
 * The meters of one pipeline run. Every meter carries the tags {@code pipeline} and {@code run.id}
 * ({@code run_id} in Prometheus), so that two runs of the same pipeline are different series; stage
 * meters add {@code stage}. A run id takes one value per run, so it adds series over time, not per
 * scrape: the busy meters of one run are as many as before.
 *
 * <p>Meters, as Prometheus shows them (Micrometer appends the base unit and {@code _total}):
 *
 * <ul>
 *   <li>{@code distillery_run_info{pipeline,run_id}} 1
 *   <li>{@code distillery_stage_state{pipeline,run_id,stage,state}}: 1 for the current state, 0 for
 *       the five others ({@link #stageState})
 *   <li>{@code distillery_stage_elapsed_seconds{pipeline,run_id,stage}}: live while the stage runs,
 *       then its final duration ({@link #stageStarted}, {@link #stageFinished})
 *   <li>{@code distillery_stage_duration_seconds_count/_sum/_max{pipeline,run_id,stage}}: recorded
 *       when a stage finishes
 *   <li>{@code distillery_training_*}: see {@link StageMeters}
 *   <li>{@code distillery_worker_slots_used_slots} and {@code distillery_worker_slots_total_slots
 *       {pipeline,run_id,pool}} ({@link #workerSlots})
 * </ul>
 *
 * <p>Stages register meters of their own (e.g. {@code distillery_evaluation_*}) with {@link
 * #stageTags}, which a stage reads from its {@code StageMonitor.tags()}.
 *
 * <p>Gauge state is held strongly here, so gauges never scrape NaN for want of a reference. Thread
 * safe. A gauge registered again with the same name and tags replaces the older one, and {@link
 * #close()} removes every meter of this run from the registry (those stages registered with its
 * tags included).
 */
public final class RunMetrics implements AutoCloseable {

  /** The tag that carries the run's id; Prometheus shows it as {@code run_id}. */
  public static final String RUN_ID_TAG = "run.id";

  private final MeterRegistry registry;
  private final Clock clock;
  private final String pipeline;
  private final String runId;
  private final Tags pipelineTags;
  private final List<Meter> meters = new ArrayList<>();
  private final Map<String, AtomicReference<StageState>> states = new ConcurrentHashMap<>();
  private final Map<String, StageClock> clocks = new ConcurrentHashMap<>();
  private final Map<String, StageMeters> stages = new ConcurrentHashMap<>();
  private final Map<String, WorkerPoolSlots> pools = new ConcurrentHashMap<>();
  private final GaugeValue info = new GaugeValue();

  /**
   * @param registry where the meters go (usually {@link MetricsSetup#registry()})
   * @param pipeline the pipeline's name: tag {@code pipeline} on every meter
   * @param runId the run's id: tag {@code run.id} ({@code run_id}) on every meter
   */
  public RunMetrics(MeterRegistry registry, String pipeline, String runId) {
    this.registry = requireNonNull(registry, "registry is null");
    this.clock = registry.config().clock();
    this.pipeline = requireNonNull(pipeline, "pipeline is null");
    this.runId = requireNonNull(runId, "runId is null");
    this.pipelineTags = Tags.of("pipeline", pipeline, RUN_ID_TAG, runId);
    info.set(1);
    gauge(
        "distillery.run.info",
        "Identifies the run of a pipeline (value 1), for the dashboard's run selector",
        "info",
        pipelineTags,
        info,
        GaugeValue::get);
  }

  /** The pipeline's name. */
  public String pipeline() {
    return pipeline;
  }

  /** The run's id. */
  public String runId() {
    return runId;
  }

  /**
   * Sets a stage's state: gauge {@code distillery.stage.state} with tags {@code stage} and {@code
   * state} is 1 for {@code state} and 0 for the other states. Call it with {@link
   * StageState#PENDING} for every stage when the run starts, so that the dashboard lists them all.
   */
  public void stageState(String stage, StageState state) {
    requireNonNull(stage, "stage is null");
    requireNonNull(state, "state is null");
    states
        .computeIfAbsent(
            stage,
            name -> {
              AtomicReference<StageState> current = new AtomicReference<>(state);
              for (StageState each : StageState.values()) {
                gauge(
                    "distillery.stage.state",
                    "1 when the stage is in this state, 0 otherwise",
                    "state",
                    stageTags(name).and("state", each.tagValue()),
                    current,
                    ref -> ref.get() == each ? 1 : 0);
              }
              return current;
            })
        .set(state);
  }

  /** The state last set for {@code stage}, or null if none. */
  public StageState stageState(String stage) {
    AtomicReference<StageState> current = states.get(stage);
    return current == null ? null : current.get();
  }

  /**
   * Starts a stage's clock: gauge {@code distillery.stage.elapsed} (seconds) grows from now until
   * {@link #stageFinished}. Starting a stage again (a retry) restarts its clock. Does not change
   * the stage's state: call {@link #stageState} too.
   */
  public void stageStarted(String stage) {
    requireNonNull(stage, "stage is null");
    clocks
        .computeIfAbsent(
            stage,
            name -> {
              StageClock stageClock = new StageClock(clock);
              gauge(
                  "distillery.stage.elapsed",
                  "Time since the stage started; its final duration once it has finished",
                  "seconds",
                  stageTags(name),
                  stageClock,
                  StageClock::elapsedSeconds);
              return stageClock;
            })
        .start();
  }

  /**
   * Stops a stage's clock and records its duration in timer {@code distillery.stage.duration}.
   * {@code distillery.stage.elapsed} keeps the final duration. Ignored when the stage was not
   * started or has already finished (so it is safe in a {@code finally}).
   */
  public void stageFinished(String stage) {
    requireNonNull(stage, "stage is null");
    StageClock stageClock = clocks.get(stage);
    if (stageClock == null) {
      return;
    }
    long nanos = stageClock.finish();
    if (nanos < 0) {
      return;
    }
    Timer timer =
        register(
            Timer.builder("distillery.stage.duration")
                .description("Duration of finished stages, whatever their outcome")
                .tags(stageTags(stage))
                .register(registry));
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** The training meters of {@code stage} (created on first call, the same object afterwards). */
  public StageMeters stage(String stage) {
    requireNonNull(stage, "stage is null");
    return stages.computeIfAbsent(stage, name -> new StageMeters(this, stageTags(name)));
  }

  /**
   * Publishes a worker pool's slots: gauges {@code distillery.worker.slots.used} (read from {@code
   * used} on every scrape) and {@code distillery.worker.slots.total}, tag {@code pool}. Calling it
   * again for the same pool replaces both.
   */
  public void workerSlots(String pool, IntSupplier used, int total) {
    requireNonNull(pool, "pool is null");
    requireNonNull(used, "used is null");
    if (total < 0) {
      throw new IllegalArgumentException("total slots of pool " + pool + " is negative: " + total);
    }
    WorkerPoolSlots slots = new WorkerPoolSlots(used, total);
    pools.put(pool, slots);
    Tags tags = pipelineTags.and("pool", pool);
    gauge(
        "distillery.worker.slots.used",
        "Worker slots (devices, threads) of the pool busy with a job",
        "slots",
        tags,
        slots,
        WorkerPoolSlots::used);
    gauge(
        "distillery.worker.slots.total",
        "Worker slots (devices, threads) the pool has",
        "slots",
        tags,
        slots,
        WorkerPoolSlots::total);
  }

  /**
   * Removes this run's meters from the registry: those registered here and those a stage registered
   * with this run's tags (same pipeline and run id). Idempotent.
   */
  @Override
  public void close() {
    List<Meter> toRemove;
    synchronized (meters) {
      toRemove = new ArrayList<>(meters);
      meters.clear();
    }
    for (Meter meter : registry.getMeters()) {
      if (runId.equals(meter.getId().getTag(RUN_ID_TAG))
          && pipeline.equals(meter.getId().getTag("pipeline"))) {
        toRemove.add(meter);
      }
    }
    toRemove.forEach(registry::remove);
    states.clear();
    clocks.clear();
    stages.clear();
    pools.clear();
  }

  /**
   * The tags of a stage's meters: {@code pipeline}, {@code run.id} and {@code stage}. A stage's
   * {@code StageMonitor.tags()}; meters a stage registers with them are removed by {@link #close}.
   */
  public Tags stageTags(String stage) {
    requireNonNull(stage, "stage is null");
    return pipelineTags.and("stage", stage);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /**
   * Registers a gauge reading {@code state} (held strongly), replacing any gauge with the same name
   * and tags, so that values set here are the ones scraped.
   */
  <T> Gauge gauge(
      String name,
      String description,
      String baseUnit,
      Tags tags,
      T state,
      ToDoubleFunction<T> value) {
    Meter existing =
        registry.find(name).tags(tags).meters().stream()
            .filter(meter -> Tags.of(meter.getId().getTags()).equals(tags))
            .findFirst()
            .orElse(null);
    if (existing != null) {
      registry.remove(existing);
      synchronized (meters) {
        meters.remove(existing);
      }
    }
    return register(
        Gauge.builder(name, state, value)
            .description(description)
            .baseUnit(baseUnit)
            .tags(tags)
            .strongReference(true)
            .register(registry));
  }

  Counter counter(String name, String description, String baseUnit, Tags tags) {
    return register(
        Counter.builder(name)
            .description(description)
            .baseUnit(baseUnit)
            .tags(tags)
            .register(registry));
  }

  private <M extends Meter> M register(M meter) {
    synchronized (meters) {
      if (!meters.contains(meter)) {
        meters.add(meter);
      }
    }
    return meter;
  }

  /** A stage's start and end, on the registry's monotonic clock. */
  private static final class StageClock {
    private final Clock clock;
    private long startNanos;
    private long endNanos;
    private boolean running;

    StageClock(Clock clock) {
      this.clock = clock;
    }

    synchronized void start() {
      startNanos = clock.monotonicTime();
      running = true;
    }

    /** The duration in nanoseconds, or -1 if not running. */
    synchronized long finish() {
      if (!running) {
        return -1;
      }
      endNanos = clock.monotonicTime();
      running = false;
      return endNanos - startNanos;
    }

    synchronized double elapsedSeconds() {
      long end = running ? clock.monotonicTime() : endNanos;
      return (end - startNanos) / 1e9;
    }
  }

  private record WorkerPoolSlots(IntSupplier usedSlots, int totalSlots) {
    double used() {
      return usedSlots.getAsInt();
    }

    double total() {
      return totalSlots;
    }
  }
}
