package dev.distillery.metrics;

import java.util.Locale;

/**
 * The lifecycle state of a pipeline stage, as published by the {@code distillery.stage.state} gauge
 * (tag {@code state} is the lower-case name).
 */
public enum StageState {
  PENDING,
  RUNNING,
  SUCCEEDED,
  FAILED,
  SKIPPED,
  CANCELLED;

  /** The value of the {@code state} tag: the lower-case name, e.g. {@code running}. */
  public String tagValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
