package dev.distillery.engine;

/** Event bus addresses used by the engine, locally and across a cluster. */
public final class EventBusAddresses {

  private EventBusAddresses() {}

  /** Where workers publish their adverts (pools, slots in use, jobs): heartbeat and directory. */
  public static final String WORKERS = "distillery.workers";

  /** A coordinator publishes here when it starts: every worker answers with its advert at once. */
  public static final String WORKERS_HELLO = "distillery.workers.hello";

  /** A coordinator publishes a run id here to stop that run's stages on every worker. */
  public static final String STOP_RUN = "distillery.runs.stop";

  /** Where stage jobs for one worker are sent. */
  public static String jobs(String workerId) {
    return "distillery.worker." + workerId + ".jobs";
  }

  /** Where a coordinator tells a worker that it refuses it (wrong credential, version). */
  public static String control(String workerId) {
    return "distillery.worker." + workerId + ".control";
  }

  /** Where workers send a run's job ends and records (to whichever coordinator runs it). */
  public static String runEvents(String runId) {
    return "distillery.run." + runId + ".events";
  }

  /** Where stage progress of a run is published. */
  public static String progress(String runId) {
    return "distillery.progress." + runId;
  }
}
