package dev.distillery.run;

/** Where a stage of a run stands. */
public enum StageStatus {
  PENDING,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  public boolean isTerminal() {
    return this != PENDING && this != RUNNING;
  }
}
