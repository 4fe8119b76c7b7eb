package dev.distillery.training.adversarial;

/**
 * How an {@link AdversarialLoop} runs.
 *
 * @param epochs epochs to run
 * @param iterationsPerEpoch iterations in an epoch; checkpoints, evaluations and collapse checks
 *     happen at epoch ends
 * @param checkpointEveryIterations extra checkpoints within an epoch (0: at epoch ends only)
 * @param onCollapse what a collapse detected at an epoch end does
 * @param maxRestores how many times {@link OnCollapse#RESTORE} may restore before later collapses
 *     are only reported
 */
public record AdversarialSettings(
    int epochs,
    int iterationsPerEpoch,
    int checkpointEveryIterations,
    OnCollapse onCollapse,
    int maxRestores) {

  /** What the loop does when an epoch end reports a collapse. */
  public enum OnCollapse {
    /**
     * Go back to the last checkpoint judged healthy (the previous epoch end) and continue with a
     * reseeded latent stream, so the epoch runs on other latent vectors.
     */
    RESTORE,
    /** Report it (log, metrics, report) and go on. */
    WARN,
    /** Report it and stop the stage; the last healthy checkpoint is kept. */
    STOP
  }
}
