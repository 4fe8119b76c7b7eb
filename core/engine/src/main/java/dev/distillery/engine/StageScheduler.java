package dev.distillery.engine;

import dev.distillery.pipeline.StageDevice;
import dev.distillery.pipeline.StagePlacement;
import dev.distillery.run.StageStatus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places one run's stages on workers. A submitted stage waits (pending, with the reason in
 * run.json) until a live worker has a pool of its device kind with enough free slots, then goes
 * there as a {@link StageJob}; a stage that no live worker could ever run fails at once, naming
 * what the workers offer. The job's end comes back as an event from the worker. When the worker is
 * lost mid-stage the stage waits again and goes to another worker, where it continues from its last
 * checkpoint in the shared run directory. Jobs of this run that workers already run (a coordinator
 * restarted with {@code resume}) are adopted instead of started again.
 */
final class StageScheduler implements WorkerDirectory.Listener, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StageScheduler.class);
  private static final long ACCEPT_TIMEOUT_MILLIS = 300_000;

  private final Vertx vertx;
  private final RunSession session;
  private final WorkerDirectory directory;
  private final Map<String, Waiting> waiting = new LinkedHashMap<>();
  private final Map<String, InFlight> inFlight = new LinkedHashMap<>();

  /** Jobs of this run that workers run (or ran) before the stage was submitted, by stage. */
  private final Map<String, Adoptable> adoptable = new HashMap<>();

  private record Adoptable(WorkerAdvert.JobState job, WorkerAdvert advert) {}

  /** Jobs sent whose slots the worker's latest advert may not show yet, by job id. */
  private final Map<String, Reservation> reserved = new HashMap<>();

  /** Workers that answered "busy": skipped until an advert newer than this sequence. */
  private final Map<String, Long> busyUntil = new HashMap<>();

  /** Stages this scheduler ended; adverts naming them are history. */
  private final java.util.Set<String> finished = new java.util.HashSet<>();

  private record Reservation(String workerId, String pool, int slots) {}

  private MessageConsumer<JsonObject> events;
  private volatile Runnable workersChanged = () -> {};
  private final java.util.Set<String> knownWorkers = new java.util.HashSet<>();

  /** Called when a worker joins or is lost. */
  void onWorkersChanged(Runnable callback) {
    workersChanged = callback;
  }

  private static final class Waiting {
    final String stageId;
    final StagePlacement placement;
    final Promise<StageOutcome> promise;
    final int attempt;
    final Map<String, String> refusedBy = new LinkedHashMap<>();
    String shownReason;

    Waiting(String stageId, StagePlacement placement, Promise<StageOutcome> promise, int attempt) {
      this.stageId = stageId;
      this.placement = placement;
      this.promise = promise;
      this.attempt = attempt;
    }
  }

  private static final class InFlight {
    final StageJob job;
    final String workerId;
    final String nodeId;
    final Waiting waiting;
    final long sentAt;
    boolean accepted;
    long setupMillis;

    InFlight(StageJob job, String workerId, String nodeId, Waiting waiting, long sentAt) {
      this.job = job;
      this.workerId = workerId;
      this.nodeId = nodeId;
      this.waiting = waiting;
      this.sentAt = sentAt;
    }
  }

  StageScheduler(Vertx vertx, RunSession session, WorkerDirectory directory) {
    this.vertx = vertx;
    this.session = session;
    this.directory = directory;
  }

  /** Listens for this run's job events and for workers; adopts what workers already run. */
  Future<Void> start() {
    events =
        vertx
            .eventBus()
            .consumer(EventBusAddresses.runEvents(session.runId()), m -> onEvent(m.body()));
    directory.addListener(this);
    directory.live().forEach(this::advert);
    return events.completion();
  }

  /** Runs a stage on some worker; completes with its outcome. */
  Future<StageOutcome> submit(String stageId) {
    Promise<StageOutcome> promise = Promise.promise();
    synchronized (this) {
      Waiting stage = new Waiting(stageId, session.stage(stageId).placement(), promise, 1);
      Adoptable adopted = adoptable.remove(stageId);
      if (adopted != null && adopt(stage, adopted.job(), adopted.advert())) {
        return promise.future();
      }
      waiting.put(stageId, stage);
    }
    place();
    return promise.future();
  }

  /** Stages not yet placed are cancelled; running ones are told to stop by the runner. */
  void stop() {
    List<Waiting> cancelled;
    synchronized (this) {
      cancelled = new ArrayList<>(waiting.values());
      waiting.clear();
    }
    for (Waiting stage : cancelled) {
      finish(stage, StageStatus.CANCELLED, "not started: the run was stopped");
    }
  }

  private void place() {
    List<Runnable> actions = new ArrayList<>();
    synchronized (this) {
      List<WorkerAdvert> live = directory.live();
      for (Waiting stage : new ArrayList<>(waiting.values())) {
        StagePlacement need = stage.placement;
        List<WorkerAdvert> capable = live.stream().filter(w -> couldRun(w, need)).toList();
        List<WorkerAdvert> willing =
            capable.stream().filter(w -> !stage.refusedBy.containsKey(w.workerId())).toList();
        if (willing.isEmpty()) {
          waiting.remove(stage.stageId);
          String reason =
              capable.isEmpty()
                  ? "no live worker offers "
                      + need.describe()
                      + " (workers: "
                      + describe(live)
                      + "); start a worker that has one, or change the stage's device/slots"
                  : "every worker that offers "
                      + need.describe()
                      + " refused it: "
                      + stage.refusedBy.entrySet().stream()
                          .map(e -> e.getKey() + ": " + e.getValue())
                          .collect(Collectors.joining("; "));
          actions.add(() -> finish(stage, StageStatus.FAILED, reason));
          continue;
        }
        Choice choice = choose(willing, need);
        if (choice == null) {
          String reason =
              "waiting for " + need.describe() + ": none free (workers: " + describe(willing) + ")";
          if (!reason.equals(stage.shownReason)) {
            stage.shownReason = reason;
            actions.add(
                () -> {
                  quietly(
                      stage.stageId,
                      () -> session.stageStatus(stage.stageId, StageStatus.PENDING, reason));
                  show(stage.stageId, "waiting", reason);
                });
            LOG.info("stage {} is {}", stage.stageId, reason);
          }
          continue;
        }
        waiting.remove(stage.stageId);
        StageJob job =
            new StageJob(
                UUID.randomUUID().toString(),
                session.runId(),
                session.directory().path().toAbsolutePath().toString(),
                stage.stageId,
                session.stage(stage.stageId).key(),
                choice.pool().name(),
                need.slots(),
                stage.attempt);
        InFlight flight =
            new InFlight(
                job,
                choice.worker().workerId(),
                choice.worker().nodeId(),
                stage,
                System.nanoTime());
        inFlight.put(job.jobId(), flight);
        reserved.put(
            job.jobId(),
            new Reservation(choice.worker().workerId(), choice.pool().name(), need.slots()));
        actions.add(() -> send(flight, choice));
      }
    }
    actions.forEach(Runnable::run);
  }

  private record Choice(WorkerAdvert worker, WorkerAdvert.PoolState pool) {}

  private static boolean couldRun(WorkerAdvert worker, StagePlacement need) {
    return worker.pools().stream()
        .anyMatch(p -> serves(p, need.device()) && p.slots() >= need.slots());
  }

  private static boolean serves(WorkerAdvert.PoolState pool, StageDevice wanted) {
    return wanted == StageDevice.ANY || wanted == pool.kind();
  }

  /** The pool with the most free slots; GPUs first for {@code any}. Null when none is free. */
  private Choice choose(List<WorkerAdvert> workers, StagePlacement need) {
    List<Choice> free = new ArrayList<>();
    for (WorkerAdvert worker : workers) {
      Long busySince = busyUntil.get(worker.workerId());
      if (busySince != null && worker.sequence() <= busySince) {
        continue;
      }
      for (WorkerAdvert.PoolState pool : worker.pools()) {
        if (serves(pool, need.device()) && free(worker, pool) >= need.slots()) {
          free.add(new Choice(worker, pool));
        }
      }
    }
    return free.stream()
        .min(
            Comparator.comparing((Choice c) -> c.pool().kind() == StageDevice.GPU ? 0 : 1)
                .thenComparing(c -> -free(c.worker(), c.pool())))
        .orElse(null);
  }

  /** Free slots: the advert's, less jobs sent there that the advert does not list yet. */
  private int free(WorkerAdvert worker, WorkerAdvert.PoolState pool) {
    int pending = 0;
    for (var entry : reserved.entrySet()) {
      Reservation r = entry.getValue();
      if (r.workerId().equals(worker.workerId())
          && r.pool().equals(pool.name())
          && !worker.lists(entry.getKey())) {
        pending += r.slots();
      }
    }
    return pool.free() - pending;
  }

  private String describe(List<WorkerAdvert> workers) {
    if (workers.isEmpty()) {
      return "none";
    }
    StringBuilder text = new StringBuilder();
    for (WorkerAdvert worker : workers) {
      text.append(text.length() == 0 ? "" : ", ").append(worker.workerId()).append(" (");
      for (int i = 0; i < worker.pools().size(); i++) {
        WorkerAdvert.PoolState pool = worker.pools().get(i);
        text.append(i == 0 ? "" : ", ")
            .append(pool.name())
            .append(' ')
            .append(pool.slots() - free(worker, pool))
            .append('/')
            .append(pool.slots())
            .append(" busy");
      }
      text.append(')');
    }
    return text.toString();
  }

  private void send(InFlight flight, Choice choice) {
    StageJob job = flight.job;
    DeliveryOptions delivery = new DeliveryOptions().setSendTimeout(ACCEPT_TIMEOUT_MILLIS);
    vertx
        .eventBus()
        .<JsonObject>request(EventBusAddresses.jobs(flight.workerId), job.toJson(), delivery)
        .onComplete(
            reply -> {
              boolean placeAgain = false;
              synchronized (this) {
                if (reply.failed()) {
                  reserved.remove(job.jobId());
                }
                if (inFlight.get(job.jobId()) != flight) {
                  return; // ended or lost meanwhile
                }
                if (reply.succeeded()) {
                  flight.accepted = true;
                  flight.setupMillis = reply.result().body().getLong("setupMillis", 0L);
                } else {
                  inFlight.remove(job.jobId());
                  Throwable error = reply.cause();
                  boolean busy =
                      error instanceof ReplyException r && r.failureCode() == WorkerNode.BUSY;
                  if (busy) {
                    busyUntil.put(flight.workerId, choice.worker().sequence());
                  } else {
                    flight.waiting.refusedBy.put(
                        flight.workerId,
                        error instanceof ReplyException r ? r.getMessage() : error.toString());
                  }
                  waiting.put(job.stageId(), flight.waiting);
                  placeAgain = true;
                }
              }
              if (reply.succeeded()) {
                if (!"local".equals(flight.workerId)) {
                  show(
                      job.stageId(),
                      "placed",
                      "on worker "
                          + flight.workerId
                          + " ("
                          + job.pool()
                          + (job.attempt() > 1 ? ", attempt " + job.attempt() : "")
                          + ")");
                }
                long millis = (System.nanoTime() - flight.sentAt) / 1_000_000;
                quietly(
                    job.stageId(),
                    () ->
                        session.stageStatus(
                            job.stageId(),
                            StageStatus.RUNNING,
                            "on worker " + flight.workerId + " (" + job.pool() + ")"));
                recordQuietly(
                    job.stageId(),
                    "placed",
                    Map.of(
                        "worker",
                        flight.workerId,
                        "pool",
                        job.pool(),
                        "attempt",
                        job.attempt(),
                        "accept_ms",
                        millis,
                        "run_setup_ms",
                        flight.setupMillis));
              } else {
                LOG.info(
                    "stage {} not taken by worker {}: {}",
                    job.stageId(),
                    flight.workerId,
                    reply.cause().getMessage());
              }
              if (placeAgain) {
                place();
              }
            });
  }

  /** Tells the run's progress listeners (terminal) where a stage stands. */
  private void show(String stageId, String phase, String note) {
    vertx
        .eventBus()
        .publish(
            EventBusAddresses.progress(session.runId()),
            new JsonObject()
                .put("stage", stageId)
                .put("phase", phase)
                .put("done", 0L)
                .put("total", 0L)
                .put("figures", new JsonObject())
                .put("note", note));
  }

  private void onEvent(JsonObject event) {
    String type = event.getString("type");
    if ("record".equals(type)) {
      Map<String, Object> fields;
      try {
        fields =
            dev.distillery.options.OptionsMapper.mapper()
                .readValue(
                    event.getString("fields", "{}"),
                    new com.fasterxml.jackson.core.type.TypeReference<
                        LinkedHashMap<String, Object>>() {});
      } catch (java.io.IOException e) {
        LOG.warn("ignoring an unreadable record from a worker: {}", e.toString());
        return;
      }
      recordQuietly(event.getString("stageId"), event.getString("event"), fields);
    } else if ("ended".equals(type)) {
      JsonObject job = event.getJsonObject("job");
      ended(
          new WorkerAdvert.JobState(
              job.getString("jobId"),
              job.getString("runId"),
              job.getString("stageId"),
              job.getInteger("attempt", 1),
              job.getString("state"),
              job.getString("message"),
              job.getDouble("seconds", 0.0)));
    }
  }

  private void ended(WorkerAdvert.JobState job) {
    InFlight flight;
    synchronized (this) {
      flight = inFlight.remove(job.jobId());
      reserved.remove(job.jobId());
    }
    if (flight == null) {
      return; // a job of a lost worker, or already ended
    }
    long sinceSent = (System.nanoTime() - flight.sentAt) / 1_000_000;
    // from sending the job to learning its end, less the stage itself and the worker's one-off
    // set-up of the run (reading the pipeline, loading the dataset)
    double overhead = Math.max(0, sinceSent - flight.setupMillis - job.seconds() * 1000.0);
    recordQuietly(
        job.stageId(),
        "job_ended",
        Map.of(
            "worker",
            flight.workerId,
            "state",
            job.state(),
            "stage_seconds",
            job.seconds(),
            "dispatch_overhead_ms",
            overhead));
    finish(flight.waiting, StageStatus.valueOf(job.state().toUpperCase()), job.message());
    place();
  }

  /**
   * Records how the stage ended and completes its outcome, even when run.json cannot be written.
   */
  private void finish(Waiting stage, StageStatus status, String message) {
    synchronized (this) {
      finished.add(stage.stageId);
    }
    StageStatus ended = status;
    String why = status == StageStatus.SUCCEEDED ? null : message;
    try {
      session.stageStatus(stage.stageId, status, why);
    } catch (RuntimeException e) {
      LOG.error("stage {}: cannot record its end", stage.stageId, e);
      ended = StageStatus.FAILED;
      why = (why == null ? "" : why + "; ") + e.getMessage();
    }
    stage.promise.tryComplete(
        ended == StageStatus.SUCCEEDED
            ? StageOutcome.succeeded(stage.stageId, false)
            : new StageOutcome(stage.stageId, ended, why, false));
  }

  private void recordQuietly(String stageId, String event, Map<String, ?> fields) {
    quietly(stageId, () -> session.record(stageId, event, fields));
  }

  /** A record or status the run cannot write is logged; the scheduling goes on. */
  private void quietly(String stageId, Runnable write) {
    try {
      write.run();
    } catch (RuntimeException e) {
      LOG.error("stage {}: {}", stageId, e.getMessage(), e);
    }
  }

  @Override
  public void advert(WorkerAdvert advert) {
    boolean joined;
    synchronized (this) {
      joined = knownWorkers.add(advert.workerId() + "@" + advert.nodeId());
    }
    if (joined) {
      workersChanged.run();
    }
    List<WorkerAdvert.JobState> endedHere = new ArrayList<>();
    synchronized (this) {
      reserved.keySet().removeIf(jobId -> advert.lists(jobId) && !inFlight.containsKey(jobId));
      for (WorkerAdvert.JobState job : advert.jobs()) {
        if (!job.runId().equals(session.runId()) || finished.contains(job.stageId())) {
          continue;
        }
        InFlight flight = inFlight.get(job.jobId());
        if (flight != null) {
          if (!job.running()) {
            endedHere.add(job); // its event was missed
          }
          continue;
        }
        boolean known =
            inFlight.values().stream().anyMatch(f -> f.job.stageId().equals(job.stageId()));
        if (known) {
          continue;
        }
        Waiting stage = waiting.get(job.stageId());
        if (stage != null) {
          if (adopt(stage, job, advert)) {
            waiting.remove(job.stageId());
          }
        } else if (job.running() || "succeeded".equals(job.state())) {
          adoptable.put(job.stageId(), new Adoptable(job, advert));
        }
      }
    }
    endedHere.forEach(this::ended);
    place();
  }

  /** Takes over a job a worker runs (or finished) for this run; true when adopted. */
  private boolean adopt(Waiting stage, WorkerAdvert.JobState job, WorkerAdvert advert) {
    if (job.running()) {
      StageJob adopted =
          new StageJob(
              job.jobId(),
              session.runId(),
              session.directory().path().toString(),
              job.stageId(),
              session.stage(job.stageId()).key(),
              "?",
              stage.placement.slots(),
              job.attempt());
      InFlight flight =
          new InFlight(adopted, advert.workerId(), advert.nodeId(), stage, System.nanoTime());
      flight.accepted = true;
      inFlight.put(job.jobId(), flight);
      LOG.info(
          "stage {} is still running on worker {}: re-attached", job.stageId(), advert.workerId());
      vertx.runOnContext(
          ignored ->
              quietly(
                  job.stageId(),
                  () ->
                      session.stageStatus(
                          job.stageId(),
                          StageStatus.RUNNING,
                          "on worker " + advert.workerId() + " (re-attached)")));
      return true;
    }
    if ("succeeded".equals(job.state())
        && java.nio.file.Files.isRegularFile(session.resultFile(job.stageId()))) {
      LOG.info(
          "stage {} finished on worker {} while no coordinator ran",
          job.stageId(),
          advert.workerId());
      vertx.runOnContext(ignored -> finish(stage, StageStatus.SUCCEEDED, null));
      return true;
    }
    return false;
  }

  @Override
  public void lost(WorkerAdvert last, String reason) {
    synchronized (this) {
      knownWorkers.remove(last.workerId() + "@" + last.nodeId());
    }
    workersChanged.run();
    List<InFlight> lostJobs = new ArrayList<>();
    synchronized (this) {
      inFlight
          .values()
          .removeIf(
              flight -> {
                if (flight.workerId.equals(last.workerId())
                    && flight.nodeId.equals(last.nodeId())) {
                  lostJobs.add(flight);
                  return true;
                }
                return false;
              });
      adoptable.values().removeIf(a -> a.advert().workerId().equals(last.workerId()));
      reserved.values().removeIf(r -> r.workerId().equals(last.workerId()));
      for (InFlight flight : lostJobs) {
        Waiting again =
            new Waiting(
                flight.job.stageId(),
                flight.waiting.placement,
                flight.waiting.promise,
                flight.job.attempt() + 1);
        waiting.put(again.stageId, again);
      }
    }
    for (InFlight flight : lostJobs) {
      String message =
          "worker "
              + last.workerId()
              + " lost ("
              + reason
              + "); continuing elsewhere from the stage's last checkpoint";
      LOG.warn("stage {}: {}", flight.job.stageId(), message);
      recordQuietly(
          flight.job.stageId(),
          "failover",
          Map.of("worker", last.workerId(), "reason", reason, "attempt", flight.job.attempt()));
      quietly(
          flight.job.stageId(),
          () -> session.stageStatus(flight.job.stageId(), StageStatus.PENDING, message));
      show(flight.job.stageId(), "failover", message);
    }
    if (!lostJobs.isEmpty()) {
      place();
    }
  }

  @Override
  public void close() {
    directory.removeListener(this);
    if (events != null) {
      events.unregister();
    }
  }
}
