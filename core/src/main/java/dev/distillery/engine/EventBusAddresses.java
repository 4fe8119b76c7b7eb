package dev.distillery.engine;

/** Event bus addresses used by the engine. */
public final class EventBusAddresses {

  private EventBusAddresses() {}

  /** Where stage jobs for a device pool (e.g. {@code cpu}, {@code gpu0}) are sent. */
  public static String jobs(String pool) {
    return "distillery.jobs." + pool;
  }

  /** Where stage progress of a run is published. */
  public static String progress(String runId) {
    return "distillery.progress." + runId;
  }
}
