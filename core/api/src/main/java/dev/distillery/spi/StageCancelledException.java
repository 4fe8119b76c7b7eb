package dev.distillery.spi;

/** Thrown inside a stage when the run is being stopped; the stage's last checkpoint remains. */
public class StageCancelledException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StageCancelledException(String stageId) {
    super("stage '" + stageId + "' stopped on request; resume the run to continue it");
  }
}
