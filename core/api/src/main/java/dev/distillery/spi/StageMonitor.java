package dev.distillery.spi;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;

/** Progress, metrics and cancellation for a running stage. */
public interface StageMonitor {

  /**
   * Publishes progress: {@code done} of {@code total} units of the current phase (e.g. steps of an
   * epoch), with the latest values of named figures. Figure names are {@code loss.<component>}
   * (e.g. {@code loss.ce}, {@code loss.kd}, {@code loss.total}), {@code accuracy.<split>} ({@code
   * train}, {@code validation}, {@code test}), {@code agreement.<split>} (student and teacher
   * agree, e.g. {@code generated}, {@code test}), {@code lr}, {@code lr.<network>} for stages that
   * train several networks, {@code throughput} (samples/s), {@code coverage.classes} and {@code
   * collapses} for generators, {@code frechet.<generator stage>} for measured generators; they
   * become the run's gauges.
   */
  void progress(String phase, long done, long total, Map<String, Double> figures);

  /** Counts training work done since the last call. */
  void trained(long steps, long samples);

  /** The epoch now running (1-based) of {@code epochs}. */
  void epoch(int epoch, int epochs);

  /** Writes one record to the run's {@code metrics.jsonl}. */
  void record(String event, Map<String, ?> fields);

  /** The registry the run's metrics go to (served at {@code /metrics}). */
  MeterRegistry meters();

  /**
   * Tags that identify this run and stage ({@code pipeline}, {@code run.id}, shown as {@code
   * run_id}, and {@code stage}), for meters the stage registers on {@link #meters()}; such meters
   * are removed with the run's own when the run's metrics are closed.
   */
  Tags tags();

  /** Throws {@link StageCancelledException} when the run is being stopped (Ctrl-C). */
  void checkCancelled();
}
