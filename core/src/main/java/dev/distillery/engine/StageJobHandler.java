package dev.distillery.engine;

import io.vertx.core.json.JsonObject;

/**
 * Executes stage jobs on a worker thread. The engine registers one per active run with {@link
 * DeviceWorkerVerticle#register}.
 */
@FunctionalInterface
public interface StageJobHandler {

  /** Runs the job to its end, blocking; returns a JSON summary or throws. */
  JsonObject execute(StageJob job) throws Exception;
}
