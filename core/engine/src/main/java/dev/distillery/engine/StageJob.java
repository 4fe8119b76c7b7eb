package dev.distillery.engine;

import io.vertx.core.json.JsonObject;

/**
 * The message sent over the event bus to a worker: run this stage of this run on this pool. It
 * carries only names, the stage key and the run directory's path, so that it can cross a clustered
 * event bus; the worker reads the rest from the (shared) run directory.
 *
 * @param jobId unique per dispatch: events and adverts name it
 * @param runId the run
 * @param runDirectory the run directory's absolute path, the same on every node
 * @param stageId the stage
 * @param stageKey the stage's key as the coordinator computed it; a worker whose plugins compute
 *     another refuses the job
 * @param pool the worker's pool it is placed on
 * @param slots the slots it takes there
 * @param attempt 1 for the first dispatch of the stage in this run, +1 per failover
 */
public record StageJob(
    String jobId,
    String runId,
    String runDirectory,
    String stageId,
    String stageKey,
    String pool,
    int slots,
    int attempt) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("jobId", jobId)
        .put("runId", runId)
        .put("runDirectory", runDirectory)
        .put("stageId", stageId)
        .put("stageKey", stageKey)
        .put("pool", pool)
        .put("slots", slots)
        .put("attempt", attempt);
  }

  public static StageJob fromJson(JsonObject json) {
    return new StageJob(
        json.getString("jobId"),
        json.getString("runId"),
        json.getString("runDirectory"),
        json.getString("stageId"),
        json.getString("stageKey"),
        json.getString("pool"),
        json.getInteger("slots", 1),
        json.getInteger("attempt", 1));
  }
}
