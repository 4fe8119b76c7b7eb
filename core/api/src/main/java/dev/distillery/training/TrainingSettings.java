package dev.distillery.training;

import dev.distillery.training.data.AugmentationOptions;
import dev.distillery.training.optim.OptimizerOptions;
import dev.distillery.training.schedule.ScheduleOptions;

/**
 * How a {@link TrainingLoop} runs.
 *
 * @param epochs passes over the training split
 * @param batchSize images per step
 * @param optimizer the optimizer and its hyper-parameters
 * @param schedule the learning-rate schedule over epochs
 * @param augmentation random crop/flip applied to training batches
 * @param checkpointEverySteps extra checkpoints within an epoch (0: only at epoch ends)
 */
public record TrainingSettings(
    int epochs,
    int batchSize,
    OptimizerOptions optimizer,
    ScheduleOptions schedule,
    AugmentationOptions augmentation,
    int checkpointEverySteps) {

  /** SGD, lr 0.05, momentum 0.9, weight decay 5e-4: the recipe of the LeNet/ResNet references. */
  public static OptimizerOptions defaultOptimizer() {
    return OptimizerOptions.Sgd.defaults();
  }

  /** Cosine annealing over the stage's epochs down to 0. */
  public static ScheduleOptions defaultSchedule() {
    return new ScheduleOptions.Cosine(null, null);
  }

  /** No augmentation. */
  public static AugmentationOptions defaultAugmentation() {
    return AugmentationOptions.none();
  }
}
