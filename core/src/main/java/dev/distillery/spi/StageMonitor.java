package dev.distillery.spi;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;

/** Progress, metrics and cancellation for a running stage. */
public interface StageMonitor {

  /**
   * Publishes progress: {@code done} of {@code total} units of the current phase (e.g. steps of an
   * epoch), with the latest values of named figures (loss components, accuracy).
   */
  void progress(String phase, long done, long total, Map<String, Double> figures);

  /** Writes one record to the run's {@code metrics.jsonl}. */
  void record(String event, Map<String, ?> fields);

  /** The registry the run's metrics go to (served at {@code /metrics}). */
  MeterRegistry meters();

  /** Tags that identify this run and stage, for meters the stage registers. */
  Tags tags();

  /** Throws {@link StageCancelledException} when the run is being stopped (Ctrl-C). */
  void checkCancelled();
}
