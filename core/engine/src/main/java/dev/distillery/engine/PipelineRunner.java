package dev.distillery.engine;

import dev.distillery.metrics.MetricsServer;
import dev.distillery.metrics.MetricsSetup;
import dev.distillery.metrics.RunMetrics;
import dev.distillery.options.OptionsMapper;
import dev.distillery.pipeline.DatasetSpec;
import dev.distillery.pipeline.PipelineSpec;
import dev.distillery.pipeline.StageDevice;
import dev.distillery.pipeline.StagePlacement;
import dev.distillery.pipeline.StageSpec;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.run.RunDirectory;
import dev.distillery.run.RunState;
import dev.distillery.run.StageStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs pipelines: one Vert.x instance with Prometheus metrics, the {@code /metrics} server, the
 * directory of workers, and per run the Camel engine and a {@link StageScheduler} placing stages on
 * workers. In the single-JVM mode (the default) the one worker is this JVM's own ({@code local},
 * with the CPU's slots and one slot per GPU) on a local event bus; as a cluster coordinator ({@link
 * Settings#cluster()}) the Vert.x is clustered and the workers are {@code distillery worker}
 * processes. The caller's thread waits for the run to end; no Camel or event-loop thread does.
 */
public final class PipelineRunner implements AutoCloseable {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(PipelineRunner.class);

  /**
   * How the runner is set up.
   *
   * @param cpuSlots stages that may train at once on the CPU pool
   * @param metricsHost the address the metrics server binds
   * @param metricsPort its port (0: any free port; null: no server)
   * @param dataSearchPath directories searched for dataset files
   * @param cluster how to join the cluster as its coordinator, or null for the single-JVM mode
   * @param metricsToken the bearer token /metrics and the status page require, or null
   */
  public record Settings(
      int cpuSlots,
      String metricsHost,
      Integer metricsPort,
      List<Path> dataSearchPath,
      ClusterJoin cluster,
      String metricsToken) {

    /** Settings without a metrics token. */
    public Settings(
        int cpuSlots,
        String metricsHost,
        Integer metricsPort,
        List<Path> dataSearchPath,
        ClusterJoin cluster) {
      this(cpuSlots, metricsHost, metricsPort, dataSearchPath, cluster, null);
    }

    /** Single-JVM settings. */
    public Settings(
        int cpuSlots, String metricsHost, Integer metricsPort, List<Path> dataSearchPath) {
      this(cpuSlots, metricsHost, metricsPort, dataSearchPath, null);
    }
  }

  /** What a run ended with. */
  public record RunResult(RunDirectory directory, Map<String, StageOutcome> outcomes) {
    public boolean succeeded() {
      return outcomes.values().stream().allMatch(StageOutcome::succeeded);
    }

    public boolean cancelled() {
      return outcomes.values().stream().anyMatch(o -> o.status() == StageStatus.CANCELLED);
    }
  }

  private final Settings settings;
  private final PluginRegistry plugins;
  private final MetricsSetup metricsSetup;
  private final PrometheusMeterRegistry registry;
  private final Vertx vertx;
  private final List<RunMetrics> runMetrics = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final MetricsServer metricsServer;
  private final WorkerDirectory workers;
  private final WorkerNode localWorker;
  private final Map<String, StageRuntime> localRuns = new ConcurrentHashMap<>();
  private volatile ActiveRun active;
  private volatile boolean stopRequested;
  private DatasetSpec loadedSpec;
  private long loadedSeed;
  private Splits loaded;
  private PipelineSpec checked;

  private PipelineRunner(Settings settings, PluginRegistry plugins) throws Exception {
    this.settings = settings;
    this.plugins = plugins;
    this.metricsSetup = MetricsSetup.create();
    this.registry = metricsSetup.registry();
    ClusterJoin cluster = settings.cluster();
    this.vertx = cluster == null ? metricsSetup.createVertx() : await(cluster.join(metricsSetup));
    if (cluster == null) {
      this.localWorker =
          new WorkerNode(
              new WorkerNode.Identity("local", "127.0.0.1", "local", WorkerAdvert.PROTOCOL, null),
              DevicePool.ofThisMachine(settings.cpuSlots()),
              this::localRuntime,
              ClusterTrust.NONE,
              1000,
              reason -> {},
              null);
      await(vertx.deployVerticle(localWorker));
      this.workers = new WorkerDirectory(vertx, ClusterTrust.NONE, 0);
    } else {
      this.localWorker = null;
      this.workers =
          new WorkerDirectory(vertx, cluster.trust(), cluster.workerTimeout().toMillis());
      cluster.watchMembers(vertx, workers::memberLeft);
    }
    await(workers.start());
    MetricsServer server = null;
    if (settings.metricsPort() != null) {
      server =
          await(
              MetricsServer.start(
                  vertx,
                  registry,
                  settings.metricsHost(),
                  settings.metricsPort(),
                  settings.metricsToken()));
    }
    this.metricsServer = server;
  }

  /** Starts Vert.x and, if asked, the metrics server. */
  public static PipelineRunner start(Settings settings, PluginRegistry plugins) throws Exception {
    return new PipelineRunner(settings, plugins);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The port /metrics is served on, or -1 when there is no server. */
  public int metricsPort() {
    return metricsServer == null ? -1 : metricsServer.port();
  }

  /** The server of /metrics (where the CLI adds the live status page), if one was asked for. */
  public java.util.Optional<MetricsServer> metricsServer() {
    return java.util.Optional.ofNullable(metricsServer);
  }

  /**
   * Keeps serving /metrics until a scrape that started after this call has been answered (so
   * Prometheus has read the state as it is now: a finished run's final state), at most {@code
   * limit}. Returns whether such a scrape came; false at once when there is no metrics server.
   */
  public boolean awaitNextScrape(java.time.Duration limit) throws InterruptedException {
    if (metricsServer == null || limit.isZero() || limit.isNegative()) {
      return false;
    }
    try {
      metricsServer
          .nextCompleteScrape()
          .toCompletionStage()
          .toCompletableFuture()
          .get(limit.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException | ExecutionException notScraped) {
      return false;
    }
  }

  /** Asks the active run to stop at the next step of each running stage (Ctrl-C). */
  public void requestStop() {
    ActiveRun run = active;
    if (run == null) {
      stopRequested = true; // Ctrl-C during start-up: the run about to start stops at once
    } else {
      run.session().requestStop();
      run.scheduler().stop();
      StageRuntime local = localRuns.get(run.session().runId());
      if (local != null) {
        local.requestStop();
      }
      vertx.eventBus().publish(EventBusAddresses.STOP_RUN, run.session().runId());
    }
  }

  private record ActiveRun(RunSession session, StageScheduler scheduler) {}

  private StageRuntime localRuntime(StageJob job) throws RunRuntimes.JobRefusedException {
    StageRuntime runtime = localRuns.get(job.runId());
    if (runtime == null) {
      throw new RunRuntimes.JobRefusedException(
          "run " + job.runId() + " is not active in this process");
    }
    return runtime;
  }

  /**
   * Loads the pipeline's dataset (kept for the next {@link #run} of a pipeline with the same
   * dataset and seed), so that missing or broken data is reported before anything starts.
   */
  public synchronized Splits prepareData(PipelineSpec pipeline) throws IOException {
    if (loaded == null || !pipeline.dataset().equals(loadedSpec) || pipeline.seed() != loadedSeed) {
      loaded = Splits.load(pipeline.dataset(), pipeline.seed(), plugins, settings.dataSearchPath());
      loadedSpec = pipeline.dataset();
      loadedSeed = pipeline.seed();
    }
    return loaded;
  }

  /**
   * Loads the data and runs every stage's preflight check (networks built, methods created), so
   * that data and feature-point problems are reported before a run directory or stage exists.
   */
  public synchronized void check(PipelineSpec pipeline) throws IOException {
    if (pipeline == checked) {
      return;
    }
    if (localWorker != null) {
      checkLocalPlacement(pipeline);
    }
    Splits data = prepareData(pipeline);
    PipelinePreflight.check(
            pipeline, plugins, data.source().input(), data.train(), data.validation().labels())
        .forEach(note -> LOG.info("preflight: {}", note));
    checked = pipeline;
  }

  /**
   * Runs (or continues) a pipeline in a run directory and waits for it to end.
   *
   * @param pipeline the validated pipeline
   * @param pipelineText the pipeline file's text, kept in the run directory
   * @param directory the run directory (new or an earlier run of the same pipeline)
   * @param progress receives progress events of running stages (on an event-loop thread)
   */
  public RunResult run(
      PipelineSpec pipeline,
      String pipelineText,
      RunDirectory directory,
      Consumer<JsonObject> progress)
      throws Exception {
    check(pipeline);
    ClusterJoin cluster = settings.cluster();
    try (RunLock lock = RunLock.acquire(directory)) {
      RunState state = prepare(pipeline, pipelineText, directory);
      RunMetrics metrics = new RunMetrics(registry, pipeline.name(), directory.runId());
      runMetrics.add(metrics);
      if (localWorker != null) {
        for (DevicePool pool : localWorker.pools()) {
          metrics.workerSlots(pool.name(), () -> localWorker.busySlots(pool.name()), pool.slots());
        }
      }
      try (RunSession session = new RunSession(pipeline, directory, state, metrics);
          StageScheduler scheduler = new StageScheduler(vertx, session, workers)) {
        if (localWorker != null) {
          localRuns.put(
              directory.runId(),
              new StageRuntime(
                  pipeline,
                  directory,
                  plugins,
                  prepareData(pipeline),
                  vertx,
                  metrics,
                  session::record));
        } else {
          awaitWorkers(cluster);
          PrometheusTargets targets =
              new PrometheusTargets(
                  directory.path(),
                  directory.runId(),
                  metricsServer == null
                      ? null
                      : settings.metricsHost() + ":" + metricsServer.port());
          targets.update(workers.live());
          scheduler.onWorkersChanged(() -> targets.update(workers.live()));
        }
        MessageConsumer<JsonObject> listener =
            vertx
                .eventBus()
                .consumer(
                    EventBusAddresses.progress(directory.runId()), m -> progress.accept(m.body()));
        active = new ActiveRun(session, scheduler);
        if (stopRequested) {
          stopRequested = false;
          requestStop();
        }
        try {
          await(scheduler.start());
          session.runStatus("running");
          Map<String, List<String>> needs = new LinkedHashMap<>();
          for (StageSpec stage : pipeline.stages().values()) {
            needs.put(stage.id(), stage.needs());
            if (!session.upToDate(stage.id())) {
              session.stageStatus(stage.id(), StageStatus.PENDING, null);
            }
          }
          Map<String, StageOutcome> outcomes =
              PipelineEngine.execute(
                      vertx, directory.runId(), needs, new StageDispatch(session, scheduler))
                  .toCompletionStage()
                  .toCompletableFuture()
                  .get();
          RunResult result = new RunResult(directory, outcomes);
          session.runStatus(
              result.succeeded() ? "succeeded" : result.cancelled() ? "interrupted" : "failed");
          return result;
        } finally {
          await(listener.unregister());
          localRuns.remove(directory.runId());
          active = null;
        }
      }
    }
  }

  /** Every stage's device exists in this JVM (a GPU stage needs a CUDA device). */
  private void checkLocalPlacement(PipelineSpec pipeline) {
    for (StageSpec stage : pipeline.stages().values()) {
      StagePlacement need = stage.placement();
      boolean possible =
          localWorker.pools().stream()
              .anyMatch(pool -> pool.serves(need.device()) && pool.slots() >= need.slots());
      if (!possible) {
        if (need.device() == StageDevice.GPU
            && localWorker.pools().stream().noneMatch(p -> p.kind() == StageDevice.GPU)) {
          DeviceSelection.choose(dev.distillery.pipeline.DeviceChoice.GPU); // throws the GPU advice
        }
        throw new dev.distillery.spi.UserException(
            "stage '"
                + stage.id()
                + "' asks for "
                + need.describe()
                + ", but this process offers "
                + localWorker.pools().stream()
                    .map(
                        p ->
                            p.name() + " with " + p.slots() + (p.slots() == 1 ? " slot" : " slots"))
                    .collect(java.util.stream.Collectors.joining(", "))
                + " (--cpu-slots "
                + settings.cpuSlots()
                + "); lower the stage's slots or raise --cpu-slots");
      }
    }
  }

  /** Waits for the first worker, then briefly for every other cluster member to advertise. */
  private void awaitWorkers(ClusterJoin cluster) throws Exception {
    long waitMillis = cluster.workerWait().toMillis();
    try {
      workers
          .anyWorker()
          .toCompletionStage()
          .toCompletableFuture()
          .get(waitMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new dev.distillery.spi.UserException(
          "no worker joined the cluster within "
              + waitMillis / 1000
              + " s; start workers with `distillery worker --cluster-members ...` (same members"
              + " list and credential as this coordinator), or raise --worker-wait");
    }
    long settleUntil = System.nanoTime() + 3_000_000_000L;
    while (workers.live().stream().map(WorkerAdvert::nodeId).distinct().count()
            < cluster.members(vertx) - 1
        && System.nanoTime() < settleUntil) {
      Thread.sleep(50);
    }
    for (WorkerAdvert worker : workers.live()) {
      LOG.info("worker {}", worker.describe());
    }
  }

  private RunState prepare(PipelineSpec pipeline, String pipelineText, RunDirectory directory) {
    try {
      Files.createDirectories(directory.path().resolve("logs"));
      Files.createDirectories(directory.path().resolve("stages"));
      Files.writeString(directory.pipelineFile(), pipelineText);
      OptionsMapper.mapper()
          .writeValue(directory.resolvedPipelineFile().toFile(), pipeline.resolved());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to run directory " + directory.path(), e);
    }
    RunState state;
    if (directory.exists()) {
      try {
        state = RunState.read(directory.stateFile());
      } catch (RuntimeException damaged) {
        state = rebuildState(pipeline, directory, damaged);
      }
    } else {
      state = new RunState();
      state.createdAt = Instant.now().toString();
    }
    state.pipeline = pipeline.name();
    state.runId = directory.runId();
    state.source = pipeline.source();
    state.stages.keySet().retainAll(pipeline.stages().keySet());
    if (settings.cluster() == null) {
      ThreadCounts threads = ThreadCounts.current(settings.cpuSlots());
      state.threads = new java.util.LinkedHashMap<>();
      state.threads.put("intra-op", threads.intraOp());
      state.threads.put("inter-op", threads.interOp());
      state.threads.put("cpu-slots", threads.slots());
    }
    state.write(directory.stateFile());
    return state;
  }

  /**
   * A run.json that cannot be read (truncated, edited) is kept aside and rebuilt from the stage
   * directories: a stage whose artifacts.json names its current key and whose result.json exists is
   * finished (the dispatcher still checks its files), every other stage runs (continuing from its
   * checkpoints).
   */
  private static RunState rebuildState(
      PipelineSpec pipeline, RunDirectory directory, RuntimeException damaged) {
    Path aside =
        directory
            .stateFile()
            .resolveSibling("run.json.damaged-" + Instant.now().toString().replace(':', '-'));
    try {
      Files.move(directory.stateFile(), aside);
    } catch (IOException e) {
      throw dev.distillery.files.DurableFiles.failure(
          "cannot move the damaged run state aside:", directory.stateFile(), e);
    }
    RunState state = new RunState();
    state.createdAt = Instant.now().toString();
    List<String> finished = new java.util.ArrayList<>();
    for (StageSpec stage : pipeline.stages().values()) {
      Path stageDirectory = directory.stageDirectory(stage.id());
      boolean done =
          Files.isRegularFile(directory.resultFile(stage.id()))
              && dev.distillery.run.StageArtifacts.read(stageDirectory)
                  .map(a -> stage.key().equals(a.key()))
                  .orElse(false);
      if (done) {
        RunState.StageRecord record = state.stage(stage.id());
        record.key = stage.key();
        record.status = StageStatus.SUCCEEDED;
        record.message = "recovered from the stage directory after run.json was damaged";
        finished.add(stage.id());
      }
    }
    LOG.warn(
        "run.json could not be read ({}); kept it as {} and rebuilt it from the stage"
            + " directories: {} finished ({}), the other stages run (from their checkpoints)",
        damaged.getCause() != null ? damaged.getCause().getMessage() : damaged.getMessage(),
        aside.getFileName(),
        finished.size(),
        finished.isEmpty() ? "none" : String.join(", ", finished));
    return state;
  }

  private static <T> T await(io.vertx.core.Future<T> future)
      throws InterruptedException, ExecutionException, TimeoutException {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /** The live workers (in the single-JVM mode: this JVM's own). */
  public List<WorkerAdvert> workers() {
    return workers.live();
  }

  @Override
  public void close() throws Exception {
    workers.close();
    if (metricsServer != null) {
      await(metricsServer.close());
    }
    await(vertx.close());
    runMetrics.forEach(RunMetrics::close);
    metricsSetup.close();
  }
}
