package dev.distillery.training;

import dev.distillery.training.data.AugmentationOptions;
import dev.distillery.training.optim.OptimizerOptions;
import dev.distillery.training.schedule.ScheduleOptions;

/**
 * The training options every training stage's options record shares ({@code epochs}, {@code
 * batch-size}, {@code optimizer}, {@code schedule}, {@code augmentation}, {@code
 * checkpoint-every-steps}); records implement it with their components and apply the defaults of
 * {@link TrainingSettings} in their constructors.
 */
public interface TrainingOptions {

  Integer epochs();

  Integer batchSize();

  OptimizerOptions optimizer();

  ScheduleOptions schedule();

  AugmentationOptions augmentation();

  Integer checkpointEverySteps();

  /** These options as the settings of a {@link TrainingLoop}. */
  default TrainingSettings trainingSettings() {
    return new TrainingSettings(
        epochs(), batchSize(), optimizer(), schedule(), augmentation(), checkpointEverySteps());
  }
}
