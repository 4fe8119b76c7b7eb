package dev.distillery.engine;

import io.vertx.core.Future;
import java.util.List;

/**
 * Decides what happens to a stage once all its needs have ended: fail it when a need failed, keep
 * its earlier result when it is up to date, or send it to a worker pool.
 */
@FunctionalInterface
public interface StageDispatcher {

  /**
   * Called once per stage with the outcomes of its needs (empty for a root stage); completes when
   * the stage has ended. Never blocks.
   */
  Future<StageOutcome> dispatch(String stageId, List<StageOutcome> needs);
}
