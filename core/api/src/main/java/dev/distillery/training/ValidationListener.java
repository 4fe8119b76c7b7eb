package dev.distillery.training;

import ai.djl.ndarray.NDManager;
import dev.distillery.spi.StageContext;

/**
 * Measures the accuracy on the validation split at every epoch end (when the objective classifies
 * and the split has images), in inference mode, for the listeners after it, the epoch record and
 * the report.
 */
final class ValidationListener implements TrainingListener {

  private final StageContext context;
  private final TrainingObjective objective;
  private final NDManager manager;
  private final int batchSize;

  /**
   * @param batchSize the training batch size; validation runs batches twice as large
   */
  ValidationListener(
      StageContext context, TrainingObjective objective, NDManager manager, int batchSize) {
    this.context = context;
    this.objective = objective;
    this.manager = manager;
    this.batchSize = batchSize;
  }

  @Override
  public void onEpochEnd(EpochEnd end) {
    end.validationAccuracy(measure());
  }

  /** The validation accuracy of the networks as they are now, or null when none is measured. */
  Double measure() {
    if (!objective.classifies() || context.validationSplit().count() == 0) {
      return null;
    }
    return Predictions.accuracy(
        objective::predict,
        context.validationSplit(),
        manager,
        (int) Math.min(2L * batchSize, Integer.MAX_VALUE));
  }
}
