package dev.distillery.engine;

import dev.distillery.metrics.RunMetrics;
import dev.distillery.metrics.StageState;
import dev.distillery.options.OptionsMapper;
import dev.distillery.pipeline.PipelineSpec;
import dev.distillery.pipeline.StageSpec;
import dev.distillery.run.RunDirectory;
import dev.distillery.run.RunState;
import dev.distillery.run.StageStatus;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The coordinator's side of one active run: the pipeline, its directory, the state file (run.json,
 * written only here), metrics.jsonl (appended only here: workers send their records), the run's
 * meters and the stop flag. Used from Camel, event-loop and worker threads, so thread-safe.
 */
public final class RunSession implements AutoCloseable {

  /** One record per line in metrics.jsonl. */
  private static final com.fasterxml.jackson.databind.ObjectWriter JSON_LINE =
      OptionsMapper.mapper()
          .writer()
          .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

  private final PipelineSpec pipeline;
  private final RunDirectory directory;
  private final RunState state;
  private final RunMetrics metrics;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final BufferedWriter metricsLog;

  public RunSession(
      PipelineSpec pipeline, RunDirectory directory, RunState state, RunMetrics metrics) {
    this.pipeline = pipeline;
    this.directory = directory;
    this.state = state;
    this.metrics = metrics;
    try {
      this.metricsLog =
          Files.newBufferedWriter(
              directory.metricsFile(),
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE,
              StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + directory.metricsFile(), e);
    }
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

  public RunMetrics metrics() {
    return metrics;
  }

  public StageSpec stage(String id) {
    return pipeline.stage(id);
  }

  /** Asks the run to stop: pending stages are not started (the workers are told separately). */
  public void requestStop() {
    stopping.set(true);
  }

  public boolean stopping() {
    return stopping.get();
  }

  // ---- state ----

  /** Records a stage's new status in run.json and in the metrics. */
  public void stageStatus(String stageId, StageStatus status, String message) {
    synchronized (state) {
      RunState.StageRecord record = state.stage(stageId);
      record.key = stage(stageId).key();
      record.status = status;
      record.message = message == null || message.isBlank() ? null : message;
      String now = Instant.now().toString();
      if (status == StageStatus.RUNNING) {
        record.startedAt = now;
        record.finishedAt = null;
        record.seconds = null;
        record.attempts++;
      } else if (status.isTerminal() && record.startedAt != null && record.finishedAt == null) {
        record.finishedAt = now;
        record.seconds =
            (Instant.parse(now).toEpochMilli() - Instant.parse(record.startedAt).toEpochMilli())
                / 1000.0;
      }
      state.write(directory.stateFile());
    }
    metrics.stageState(stageId, StageState.valueOf(status.name()));
    if (status == StageStatus.RUNNING) {
      // logs/run.log gets every start, however short the stage (the display polls run.json)
      RUN_LOG.info("stage {} running{}", stageId, message == null ? "" : " " + message);
    }
  }

  private static final org.slf4j.Logger RUN_LOG =
      org.slf4j.LoggerFactory.getLogger("dev.distillery.run");

  /** True when the stage finished earlier under the same key and its result is on disk. */
  public boolean upToDate(String stageId) {
    synchronized (state) {
      RunState.StageRecord record = state.stages.get(stageId);
      return record != null
          && record.status == StageStatus.SUCCEEDED
          && stage(stageId).key().equals(record.key)
          && Files.isRegularFile(resultFile(stageId));
    }
  }

  /**
   * What no longer matches in a finished stage's directory (its artifacts.json against the files):
   * empty when all match or when the stage has no record (directories of older versions).
   */
  public java.util.List<String> artifactProblems(String stageId) {
    Path stageDirectory = directory.stageDirectory(stageId);
    var recorded = dev.distillery.run.StageArtifacts.read(stageDirectory);
    if (recorded.isEmpty()) {
      return java.util.List.of();
    }
    try {
      return recorded.get().problems(stageDirectory, false);
    } catch (IOException e) {
      return java.util.List.of("cannot be read: " + e.getMessage());
    }
  }

  /** The key the stage last ran under, if it ran. */
  public String previousKey(String stageId) {
    synchronized (state) {
      RunState.StageRecord record = state.stages.get(stageId);
      return record == null ? null : record.key;
    }
  }

  public void runStatus(String status) {
    synchronized (state) {
      state.status = status;
      state.write(directory.stateFile());
    }
  }

  // ---- results ----

  public Path resultFile(String stageId) {
    return directory.resultFile(stageId);
  }

  // ---- metrics.jsonl ----

  /** Appends one record to metrics.jsonl. */
  public void record(String stageId, String event, Map<String, ?> fields) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("time", Instant.now().toString());
    line.put("stage", stageId);
    line.put("event", event);
    line.putAll(fields);
    try {
      String json = JSON_LINE.writeValueAsString(line);
      synchronized (metricsLog) {
        metricsLog.write(json);
        metricsLog.newLine();
        metricsLog.flush();
      }
    } catch (IOException e) {
      throw dev.distillery.files.DurableFiles.failure(
          "cannot append a record to", directory.metricsFile(), e);
    }
  }

  @Override
  public void close() {
    try {
      synchronized (metricsLog) {
        metricsLog.close();
      }
    } catch (IOException e) {
      // a record that cannot be flushed (a full disk) was reported when it was appended
      org.slf4j.LoggerFactory.getLogger(RunSession.class)
          .warn("cannot close {}: {}", directory.metricsFile(), e.toString());
    }
  }
}
