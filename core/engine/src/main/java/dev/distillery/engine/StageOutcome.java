package dev.distillery.engine;

import dev.distillery.run.StageStatus;

/**
 * How a stage ended in this run.
 *
 * @param stageId the stage
 * @param status SUCCEEDED, FAILED or CANCELLED
 * @param message why it failed, or a note such as "up to date"
 * @param reused true when a finished result from an earlier attempt was kept
 */
public record StageOutcome(String stageId, StageStatus status, String message, boolean reused) {

  public static StageOutcome succeeded(String stageId, boolean reused) {
    return new StageOutcome(stageId, StageStatus.SUCCEEDED, reused ? "up to date" : "", reused);
  }

  public static StageOutcome failed(String stageId, String message) {
    return new StageOutcome(stageId, StageStatus.FAILED, message, false);
  }

  public boolean succeeded() {
    return status == StageStatus.SUCCEEDED;
  }
}
