package dev.distillery.engine;

import dev.distillery.metrics.StageMeters;
import dev.distillery.spi.StageCancelledException;
import dev.distillery.spi.StageMonitor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * A stage's {@link StageMonitor}: figures become the run's gauges, progress is published on the
 * event bus (at most every 250 ms, and always at the end of a phase), records go to metrics.jsonl.
 */
final class RunStageMonitor implements StageMonitor {

  private static final long PUBLISH_INTERVAL_NANOS = 250_000_000L;

  private final StageRuntime runtime;
  private final String stageId;
  private final StageMeters meters;
  private long lastPublished;

  RunStageMonitor(StageRuntime runtime, String stageId) {
    this.runtime = runtime;
    this.stageId = stageId;
    this.meters = runtime.metrics().stage(stageId);
  }

  @Override
  public void progress(String phase, long done, long total, Map<String, Double> figures) {
    figures.forEach(
        (name, value) -> {
          if (name.startsWith("loss.")) {
            meters.loss(name.substring("loss.".length()), value);
          } else if (name.startsWith("accuracy.")) {
            meters.accuracy(name.substring("accuracy.".length()), value);
          } else if (name.startsWith("agreement.")) {
            meters.agreement(name.substring("agreement.".length()), value);
          } else if (name.startsWith("lr.")) {
            meters.playerLearningRate(name.substring("lr.".length()), value);
          } else if (name.startsWith("frechet.")) {
            meters.frechetDistance(name.substring("frechet.".length()), value);
          } else if (name.equals("coverage.classes")) {
            meters.classCoverage(value);
          } else if (name.equals("collapses")) {
            meters.collapses(value);
          } else if (name.equals("lr")) {
            meters.learningRate(value);
          } else if (name.equals("throughput")) {
            meters.throughput(value);
          }
        });
    long now = System.nanoTime();
    if (done >= total || now - lastPublished >= PUBLISH_INTERVAL_NANOS) {
      lastPublished = now;
      JsonObject event =
          new JsonObject()
              .put("stage", stageId)
              .put("phase", phase)
              .put("done", done)
              .put("total", total);
      JsonObject values = new JsonObject();
      figures.forEach(values::put);
      event.put("figures", values);
      runtime.vertx().eventBus().publish(EventBusAddresses.progress(runtime.runId()), event);
    }
  }

  @Override
  public void trained(long steps, long samples) {
    meters.steps(steps);
    meters.samples(samples);
  }

  @Override
  public void epoch(int epoch, int epochs) {
    meters.epoch(epoch, epochs);
  }

  @Override
  public void record(String event, Map<String, ?> fields) {
    runtime.record(stageId, event, fields);
  }

  @Override
  public MeterRegistry meters() {
    return runtime.metrics().registry();
  }

  @Override
  public Tags tags() {
    // pipeline, run.id (run_id) and stage: the run's own tags, so two runs never share a series
    return runtime.metrics().stageTags(stageId);
  }

  @Override
  public void checkCancelled() {
    if (runtime.stopping()) {
      throw new StageCancelledException(stageId);
    }
  }
}
