package dev.distillery.engine;

import dev.distillery.metrics.MetricsServer;
import dev.distillery.metrics.MetricsSetup;
import dev.distillery.metrics.RunMetrics;
import dev.distillery.options.OptionsMapper;
import dev.distillery.pipeline.DatasetSpec;
import dev.distillery.pipeline.PipelineSpec;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs pipelines in this JVM: one Vert.x instance with Prometheus metrics, one worker verticle per
 * device pool, the {@code /metrics} server, and the Camel engine per run. The caller's thread waits
 * for the run to end; no Camel or event-loop thread does.
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
   */
  public record Settings(
      int cpuSlots, String metricsHost, Integer metricsPort, List<Path> dataSearchPath) {}

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
  private final Map<String, DeviceWorkerVerticle> workers = new HashMap<>();
  private volatile RunSession active;
  private DatasetSpec loadedSpec;
  private long loadedSeed;
  private Splits loaded;
  private PipelineSpec checked;

  private PipelineRunner(Settings settings, PluginRegistry plugins) throws Exception {
    this.settings = settings;
    this.plugins = plugins;
    this.metricsSetup = MetricsSetup.create();
    this.registry = metricsSetup.registry();
    this.vertx = metricsSetup.createVertx();
    MetricsServer server = null;
    if (settings.metricsPort() != null) {
      server =
          await(
              MetricsServer.start(vertx, registry, settings.metricsHost(), settings.metricsPort()));
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

  /** Asks the active run to stop at the next step of each running stage (Ctrl-C). */
  public void requestStop() {
    RunSession session = active;
    if (session != null) {
      session.requestStop();
    }
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
    Splits data = prepareData(pipeline);
    PipelinePreflight.check(
        pipeline,
        plugins,
        data.source().input(),
        data.train().labels(),
        data.validation().labels());
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
    RunState state = prepare(pipeline, pipelineText, directory);
    DeviceSelection device = DeviceSelection.choose(pipeline.device());
    LOG.info(device.note());
    DeviceWorkerVerticle worker = ensureWorkers(device.pool());
    RunMetrics metrics = new RunMetrics(registry, pipeline.name(), directory.runId());
    runMetrics.add(metrics);
    metrics.workerSlots(worker.pool(), worker::busySlots, worker.slots());
    try (RunSession session =
        new RunSession(
            pipeline, directory, state, plugins, device, prepareData(pipeline), vertx, metrics)) {
      active = session;
      DeviceWorkerVerticle.register(directory.runId(), new StageExecution(session));
      MessageConsumer<JsonObject> listener =
          vertx
              .eventBus()
              .consumer(
                  EventBusAddresses.progress(directory.runId()), m -> progress.accept(m.body()));
      try {
        session.runStatus("running");
        Map<String, List<String>> needs = new LinkedHashMap<>();
        for (StageSpec stage : pipeline.stages().values()) {
          needs.put(stage.id(), stage.needs());
          if (!session.upToDate(stage.id())) {
            session.stageStatus(stage.id(), StageStatus.PENDING, null);
          }
        }
        Map<String, StageOutcome> outcomes =
            PipelineEngine.execute(vertx, directory.runId(), needs, new StageDispatch(session))
                .toCompletionStage()
                .toCompletableFuture()
                .get();
        RunResult result = new RunResult(directory, outcomes);
        session.runStatus(
            result.succeeded() ? "succeeded" : result.cancelled() ? "interrupted" : "failed");
        return result;
      } finally {
        await(listener.unregister());
        DeviceWorkerVerticle.unregister(directory.runId());
        active = null;
      }
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
      state = RunState.read(directory.stateFile());
    } else {
      state = new RunState();
      state.createdAt = Instant.now().toString();
    }
    state.pipeline = pipeline.name();
    state.runId = directory.runId();
    state.source = pipeline.source();
    state.stages.keySet().retainAll(pipeline.stages().keySet());
    state.write(directory.stateFile());
    return state;
  }

  private synchronized DeviceWorkerVerticle ensureWorkers(String pool) throws Exception {
    if (workers.containsKey(pool)) {
      return workers.get(pool);
    }
    int slots = pool.equals("cpu") ? settings.cpuSlots() : 1;
    DeviceWorkerVerticle worker = new DeviceWorkerVerticle(pool, slots);
    await(vertx.deployVerticle(worker));
    workers.put(pool, worker);
    return worker;
  }

  private static <T> T await(io.vertx.core.Future<T> future)
      throws InterruptedException, ExecutionException, TimeoutException {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    if (metricsServer != null) {
      await(metricsServer.close());
    }
    await(vertx.close());
    runMetrics.forEach(RunMetrics::close);
    metricsSetup.close();
  }
}
