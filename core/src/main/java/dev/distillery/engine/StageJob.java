package dev.distillery.engine;

import io.vertx.core.json.JsonObject;

/**
 * The message sent over the event bus to a device's worker pool: run this stage of this run. It
 * carries only names and the run directory so that it can cross a clustered event bus.
 */
public record StageJob(String runId, String runDirectory, String stageId) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("runId", runId)
        .put("runDirectory", runDirectory)
        .put("stageId", stageId);
  }

  public static StageJob fromJson(JsonObject json) {
    return new StageJob(
        json.getString("runId"), json.getString("runDirectory"), json.getString("stageId"));
  }
}
