package dev.distillery.engine;

import dev.distillery.metrics.RunMetrics;
import dev.distillery.options.OptionsMapper;
import dev.distillery.pipeline.PipelineSpec;
import dev.distillery.pipeline.StageSpec;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.run.RunDirectory;
import dev.distillery.spi.StageResult;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a JVM needs to execute the stages of one run: the pipeline, the run directory, the plugins,
 * the loaded dataset, the run's meters in this JVM's registry, where records go, and the stop flag.
 * The process that runs the pipeline has one per run; a worker builds one from the run directory
 * the first time it gets a job of that run. Thread-safe.
 */
public final class StageRuntime {

  /** Where a stage's records (metrics.jsonl lines) go. */
  @FunctionalInterface
  public interface RecordSink {
    void record(String stageId, String event, Map<String, ?> fields);
  }

  private final PipelineSpec pipeline;
  private final RunDirectory directory;
  private final PluginRegistry plugins;
  private final Splits splits;
  private final Vertx vertx;
  private final RunMetrics metrics;
  private final RecordSink records;
  private final AtomicBoolean stopping = new AtomicBoolean();

  public StageRuntime(
      PipelineSpec pipeline,
      RunDirectory directory,
      PluginRegistry plugins,
      Splits splits,
      Vertx vertx,
      RunMetrics metrics,
      RecordSink records) {
    this.pipeline = pipeline;
    this.directory = directory;
    this.plugins = plugins;
    this.splits = splits;
    this.vertx = vertx;
    this.metrics = metrics;
    this.records = records;
  }

  public PipelineSpec pipeline() {
    return pipeline;
  }

  public RunDirectory directory() {
    return directory;
  }

  public String runId() {
    return directory.runId();
  }

  public PluginRegistry plugins() {
    return plugins;
  }

  public Splits splits() {
    return splits;
  }

  public Vertx vertx() {
    return vertx;
  }

  public RunMetrics metrics() {
    return metrics;
  }

  public StageSpec stage(String id) {
    return pipeline.stage(id);
  }

  /** A stage seed derived from the pipeline seed and the stage id (stable across JVMs). */
  public long stageSeed(String stageId) {
    return new SplittableRandom(pipeline.seed() * 1_000_003L + stageId.hashCode()).nextLong();
  }

  /** Asks every stage of this run running here to stop at its next step. */
  public void requestStop() {
    stopping.set(true);
  }

  /** Lets stages of this run start again here after a stop (a resumed run's new jobs). */
  public void clearStop() {
    stopping.set(false);
  }

  public boolean stopping() {
    return stopping.get();
  }

  /** Appends one record to the run's metrics.jsonl (directly, or through the coordinator). */
  public void record(String stageId, String event, Map<String, ?> fields) {
    records.record(stageId, event, fields);
  }

  public Path resultFile(String stageId) {
    return directory.resultFile(stageId);
  }

  /** Writes the stage's result.json durably (synced, atomic). */
  public void writeResult(String stageId, StageResult result) {
    Path file = resultFile(stageId);
    try {
      dev.distillery.files.DurableFiles.write(
          file, OptionsMapper.mapper().writeValueAsBytes(result));
    } catch (IOException e) {
      throw dev.distillery.files.DurableFiles.failure("cannot write the stage's result", file, e);
    }
  }

  public StageResult readResult(String stageId) {
    try {
      return OptionsMapper.mapper().readValue(resultFile(stageId).toFile(), StageResult.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read result of stage " + stageId, e);
    }
  }
}
