package dev.distillery.cluster;

import dev.distillery.engine.EventBusAddresses;
import dev.distillery.engine.RunRuntimes;
import dev.distillery.engine.Splits;
import dev.distillery.engine.StageJob;
import dev.distillery.engine.StageRuntime;
import dev.distillery.metrics.RunMetrics;
import dev.distillery.options.OptionsMapper;
import dev.distillery.pipeline.PipelineLoader;
import dev.distillery.pipeline.PipelineSpec;
import dev.distillery.pipeline.StageSpec;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.run.RunDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A worker's {@link RunRuntimes}: builds a run's runtime from the run directory on shared storage
 * (the pipeline file kept there, the dataset loaded from this worker's data directories) and keeps
 * the two most recent. It refuses a job, so that it goes to another worker, when it cannot see or
 * write the run directory, when its plugins compute another stage key than the coordinator's, or
 * when the data cannot be loaded here. Records go to the coordinator over the event bus.
 */
final class SharedRunDirectories implements RunRuntimes {

  private static final int RUNS_KEPT = 2;

  private final String workerId;
  private final PluginRegistry plugins;
  private final List<Path> dataSearchPath;
  private final Vertx vertx;
  private final MeterRegistry registry;
  private final Map<String, StageRuntime> runs =
      new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, StageRuntime> eldest) {
          boolean evict = size() > RUNS_KEPT;
          if (evict) {
            eldest.getValue().metrics().close();
          }
          return evict;
        }
      };

  SharedRunDirectories(
      String workerId,
      PluginRegistry plugins,
      List<Path> dataSearchPath,
      Vertx vertx,
      MeterRegistry registry) {
    this.workerId = workerId;
    this.plugins = plugins;
    this.dataSearchPath = dataSearchPath;
    this.vertx = vertx;
    this.registry = registry;
  }

  @Override
  public synchronized StageRuntime runtimeFor(StageJob job) throws JobRefusedException {
    RunDirectory directory = new RunDirectory(Path.of(job.runDirectory()));
    if (!Files.isReadable(directory.pipelineFile())) {
      throw new JobRefusedException(
          "worker "
              + workerId
              + " cannot see run directory "
              + directory.path()
              + " (no readable pipeline.yaml there); mount the runs storage at the same path on"
              + " every node");
    }
    if (!Files.isWritable(directory.path().resolve("stages"))) {
      throw new JobRefusedException(
          "worker " + workerId + " cannot write to " + directory.path().resolve("stages"));
    }
    StageRuntime known = runs.get(job.runId());
    if (known != null && keyOf(known.pipeline(), job).equals(job.stageKey())) {
      return known;
    }
    PipelineSpec pipeline;
    try {
      pipeline = new PipelineLoader(plugins).load(directory.pipelineFile());
    } catch (RuntimeException e) {
      throw new JobRefusedException(
          "worker " + workerId + " cannot read the run's pipeline: " + e.getMessage(), e);
    }
    String key = keyOf(pipeline, job);
    if (!key.equals(job.stageKey())) {
      throw new JobRefusedException(
          "worker "
              + workerId
              + " computes another key for stage "
              + job.stageId()
              + " than the coordinator ("
              + shorten(key)
              + " vs "
              + shorten(job.stageKey())
              + "): its plugins or their versions differ; install the same on every node");
    }
    Splits splits;
    try {
      splits = Splits.load(pipeline.dataset(), pipeline.seed(), plugins, dataSearchPath);
    } catch (Exception e) {
      throw new JobRefusedException(
          "worker " + workerId + " cannot load the dataset: " + e.getMessage(), e);
    }
    StageRuntime runtime =
        new StageRuntime(
            pipeline,
            directory,
            plugins,
            splits,
            vertx,
            new RunMetrics(registry, pipeline.name(), directory.runId()),
            (stageId, event, fields) -> sendRecord(directory.runId(), stageId, event, fields));
    runs.put(job.runId(), runtime);
    return runtime;
  }

  private static String keyOf(PipelineSpec pipeline, StageJob job) {
    StageSpec stage = pipeline.stages().get(job.stageId());
    return stage == null ? "(no such stage)" : stage.key();
  }

  private static String shorten(String key) {
    return key.length() > 12 ? key.substring(0, 12) : key;
  }

  private void sendRecord(String runId, String stageId, String event, Map<String, ?> fields) {
    String json;
    try {
      json = OptionsMapper.mapper().writeValueAsString(fields);
    } catch (Exception e) {
      json = new JsonObject().put("unwritable", e.toString()).encode();
    }
    // as text: the coordinator reads it back with the same mapper it writes metrics.jsonl with
    vertx
        .eventBus()
        .publish(
            EventBusAddresses.runEvents(runId),
            new JsonObject()
                .put("type", "record")
                .put("stageId", stageId)
                .put("event", event)
                .put("fields", json));
  }
}
