package dev.distillery.engine;

import dev.distillery.metrics.WorkerMeters;
import dev.distillery.run.StageStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker: takes stage jobs sent to {@link EventBusAddresses#jobs(String)} and runs each on the
 * named worker pool of its device ({@code distillery-<worker>-<pool>}, as many threads as the pool
 * has slots). It accepts a job only while the pool has the slots free and the run is usable here
 * (see {@link RunRuntimes}), so the coordinator may place it elsewhere; an accepted job ends with
 * an event on {@link EventBusAddresses#runEvents(String)}. Every heartbeat, and when a coordinator
 * says hello, it publishes its {@link WorkerAdvert} on {@link EventBusAddresses#WORKERS}.
 *
 * <p>The same verticle serves the single-JVM mode (one worker named {@code local} on a local bus)
 * and {@code distillery worker} processes on a clustered bus. The event loop only books slots,
 * hands work to the pools and publishes; jobs run on the pools' threads.
 */
public final class WorkerNode extends VerticleBase {

  /** Failure code of a job request the worker cannot take here (the run is unusable, no pool). */
  public static final int REFUSED = 409;

  /** Failure code of a job request while the pool has too few free slots (try again later). */
  public static final int BUSY = 429;

  private static final Logger LOG = LoggerFactory.getLogger(WorkerNode.class);
  private static final int ENDED_JOBS_KEPT = 64;

  /**
   * How a worker presents itself.
   *
   * @param workerId its name, unique in the cluster
   * @param host the host it is reachable at
   * @param version the Distillery version
   * @param protocol the protocol version it speaks (normally {@link WorkerAdvert#PROTOCOL})
   * @param metricsUrl its /metrics URL, or null
   */
  public record Identity(
      String workerId, String host, String version, int protocol, String metricsUrl) {}

  private final Identity identity;
  private final List<DevicePool> pools;
  private final RunRuntimes runtimes;
  private final ClusterTrust trust;
  private final long heartbeatMillis;
  private final Consumer<String> onRefused;
  private final MeterRegistry meters;

  private final Map<String, WorkerExecutor> executors = new LinkedHashMap<>();
  private final Map<String, Integer> busy = new LinkedHashMap<>();
  private final Map<String, Running> running = new LinkedHashMap<>();
  private final Map<String, WorkerAdvert.JobState> ended =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, WorkerAdvert.JobState> eldest) {
          return size() > ENDED_JOBS_KEPT;
        }
      };
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private WorkerMeters workerMeters;
  private long timer = -1;
  private long sequence;

  private record Running(StageJob job, StageRuntime runtime) {}

  /**
   * @param heartbeatMillis how often the advert is published
   * @param onRefused called (on the event loop) when a coordinator refuses this worker, with why
   * @param meters where the worker's gauges go, or null
   */
  public WorkerNode(
      Identity identity,
      List<DevicePool> pools,
      RunRuntimes runtimes,
      ClusterTrust trust,
      long heartbeatMillis,
      Consumer<String> onRefused,
      MeterRegistry meters) {
    this.identity = identity;
    this.pools = List.copyOf(pools);
    this.runtimes = runtimes;
    this.trust = trust;
    this.heartbeatMillis = heartbeatMillis;
    this.onRefused = onRefused;
    this.meters = meters;
    pools.forEach(pool -> busy.put(pool.name(), 0));
  }

  public String workerId() {
    return identity.workerId();
  }

  public List<DevicePool> pools() {
    return pools;
  }

  /** Slots in use on a pool right now. */
  public synchronized int busySlots(String pool) {
    return busy.getOrDefault(pool, 0);
  }

  @Override
  public Future<?> start() {
    for (DevicePool pool : pools) {
      executors.put(
          pool.name(),
          vertx.createSharedWorkerExecutor(
              "distillery-" + identity.workerId() + "-" + pool.name(),
              pool.slots(),
              365,
              TimeUnit.DAYS));
    }
    registerMeters();
    // start each pool's threads now, not when the first job arrives (its dispatch stays short)
    List<Future<?>> warm = new ArrayList<>();
    executors.values().forEach(executor -> warm.add(executor.executeBlocking(() -> null, false)));
    var bus = vertx.eventBus();
    consumers.add(
        bus.<JsonObject>consumer(EventBusAddresses.jobs(identity.workerId()), this::onJob));
    consumers.add(bus.consumer(EventBusAddresses.WORKERS_HELLO, m -> advertise()));
    consumers.add(bus.<String>consumer(EventBusAddresses.STOP_RUN, m -> stopRun(m.body())));
    consumers.add(
        bus.<JsonObject>consumer(EventBusAddresses.control(identity.workerId()), this::onControl));
    timer = vertx.setPeriodic(heartbeatMillis, id -> advertise());
    List<Future<?>> ready = new ArrayList<>(warm);
    consumers.forEach(consumer -> ready.add(consumer.completion()));
    return Future.all(ready).onSuccess(ignored -> advertise());
  }

  private void registerMeters() {
    if (meters == null) {
      return;
    }
    workerMeters = new WorkerMeters(meters, identity.workerId());
    for (DevicePool pool : pools) {
      workerMeters.pool(pool.name(), pool.slots(), () -> busySlots(pool.name()));
    }
  }

  private void onJob(Message<JsonObject> message) {
    StageJob job = StageJob.fromJson(message.body());
    DevicePool pool =
        pools.stream().filter(p -> p.name().equals(job.pool())).findFirst().orElse(null);
    if (pool == null) {
      message.fail(REFUSED, identity.workerId() + " has no pool '" + job.pool() + "'");
      return;
    }
    synchronized (this) {
      int used = busy.get(pool.name());
      if (used + job.slots() > pool.slots()) {
        message.fail(
            BUSY,
            identity.workerId()
                + " has "
                + (pool.slots() - used)
                + " free "
                + pool.name()
                + " slots, the stage needs "
                + job.slots());
        return;
      }
      busy.put(pool.name(), used + job.slots());
    }
    long opening = System.nanoTime();
    vertx
        .executeBlocking(() -> runtimes.runtimeFor(job), false)
        .onComplete(
            opened -> {
              if (opened.failed()) {
                release(pool, job.slots());
                String why = opened.cause().getMessage();
                LOG.warn("worker {} refuses stage {}: {}", identity.workerId(), job.stageId(), why);
                message.fail(REFUSED, why);
                return;
              }
              StageRuntime runtime = opened.result();
              synchronized (this) {
                boolean runOngoingHere =
                    running.values().stream().anyMatch(r -> r.job().runId().equals(job.runId()));
                if (!runOngoingHere) {
                  runtime.clearStop();
                }
                running.put(job.jobId(), new Running(job, runtime));
              }
              updateRunningGauge();
              message.reply(
                  new JsonObject()
                      .put("accepted", identity.workerId())
                      .put("setupMillis", (System.nanoTime() - opening) / 1_000_000));
              LOG.info(
                  "worker {} runs stage {} of run {} on {} (attempt {})",
                  identity.workerId(),
                  job.stageId(),
                  job.runId(),
                  pool.name(),
                  job.attempt());
              execute(job, runtime, pool);
            });
  }

  private void execute(StageJob job, StageRuntime runtime, DevicePool pool) {
    executors
        .get(pool.name())
        .executeBlocking(() -> StageExecution.execute(runtime, job, pool), false)
        .onComplete(
            result -> {
              StageExecution.JobEnd end =
                  result.succeeded()
                      ? result.result()
                      : new StageExecution.JobEnd(
                          StageStatus.FAILED, String.valueOf(result.cause()), 0);
              release(pool, job.slots());
              WorkerAdvert.JobState state =
                  new WorkerAdvert.JobState(
                      job.jobId(),
                      job.runId(),
                      job.stageId(),
                      job.attempt(),
                      end.status().name().toLowerCase(),
                      end.message(),
                      end.seconds());
              synchronized (this) {
                running.remove(job.jobId());
                ended.put(job.jobId(), state);
              }
              LOG.info(
                  "worker {}: stage {} of run {} {} after {} s{}",
                  identity.workerId(),
                  job.stageId(),
                  job.runId(),
                  state.state(),
                  String.format(java.util.Locale.ROOT, "%.1f", end.seconds()),
                  end.message() == null ? "" : ": " + end.message());
              updateRunningGauge();
              vertx
                  .eventBus()
                  .publish(
                      EventBusAddresses.runEvents(job.runId()),
                      new JsonObject()
                          .put("type", "ended")
                          .put("workerId", identity.workerId())
                          .put("job", jobJson(state)));
              advertise();
            });
  }

  static JsonObject jobJson(WorkerAdvert.JobState state) {
    return new JsonObject()
        .put("jobId", state.jobId())
        .put("runId", state.runId())
        .put("stageId", state.stageId())
        .put("attempt", state.attempt())
        .put("state", state.state())
        .put("message", state.message())
        .put("seconds", state.seconds());
  }

  private synchronized void release(DevicePool pool, int slots) {
    busy.put(pool.name(), busy.get(pool.name()) - slots);
  }

  private void updateRunningGauge() {
    if (workerMeters == null) {
      return;
    }
    List<WorkerMeters.RunningStage> stages = new ArrayList<>();
    synchronized (this) {
      for (Running job : running.values()) {
        stages.add(
            new WorkerMeters.RunningStage(
                job.job().runId(), job.job().stageId(), job.job().pool()));
      }
    }
    workerMeters.running(stages);
  }

  private void stopRun(String runId) {
    Set<StageRuntime> stopped = new HashSet<>();
    synchronized (this) {
      running.values().stream()
          .filter(r -> r.job().runId().equals(runId))
          .forEach(r -> stopped.add(r.runtime()));
    }
    stopped.forEach(StageRuntime::requestStop);
  }

  private void onControl(Message<JsonObject> message) {
    JsonObject body = message.body();
    if ("ping".equals(body.getString("type"))) {
      message.reply(new JsonObject().put("pong", identity.workerId()));
      return;
    }
    if ("refused".equals(body.getString("type"))) {
      String reason = body.getString("reason");
      LOG.error("worker {} was refused by the coordinator: {}", identity.workerId(), reason);
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
      onRefused.accept(reason);
    }
  }

  /** The advert as it stands now. */
  public synchronized WorkerAdvert advert() {
    List<WorkerAdvert.PoolState> poolStates = new ArrayList<>();
    for (DevicePool pool : pools) {
      poolStates.add(
          new WorkerAdvert.PoolState(
              pool.name(), pool.kind(), pool.slots(), busy.get(pool.name())));
    }
    List<WorkerAdvert.JobState> jobs = new ArrayList<>();
    for (Running job : running.values()) {
      jobs.add(
          new WorkerAdvert.JobState(
              job.job().jobId(),
              job.job().runId(),
              job.job().stageId(),
              job.job().attempt(),
              "running",
              null,
              0));
    }
    jobs.addAll(ended.values());
    String nodeId = nodeId();
    return new WorkerAdvert(
        identity.workerId(),
        nodeId,
        identity.host(),
        identity.protocol(),
        identity.version(),
        identity.metricsUrl(),
        poolStates,
        jobs,
        trust.prove(WorkerAdvert.provenText(identity.workerId(), nodeId, identity.protocol())),
        ++sequence);
  }

  private String nodeId() {
    return vertx instanceof io.vertx.core.internal.VertxInternal internal
            && internal.clusterManager() != null
        ? internal.clusterManager().getNodeId()
        : "local";
  }

  private void advertise() {
    if (timer < 0 && consumers.isEmpty()) {
      return;
    }
    vertx.eventBus().publish(EventBusAddresses.WORKERS, advert().toJson());
  }

  @Override
  public Future<?> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    List<Future<?>> closing = new ArrayList<>();
    consumers.forEach(c -> closing.add(c.unregister()));
    executors.values().forEach(e -> closing.add(e.close()));
    return Future.join(closing);
  }
}
