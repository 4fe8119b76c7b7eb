package dev.distillery.stages;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.training.TrainingOptions;
import dev.distillery.training.TrainingSettings;
import dev.distillery.training.data.AugmentationOptions;
import dev.distillery.training.data.TransferSetOptions;
import dev.distillery.training.optim.OptimizerOptions;
import dev.distillery.training.schedule.ScheduleOptions;

/**
 * Options of the {@code train} stage.
 *
 * @param model the model id to train, e.g. {@code lenet5}
 * @param modelOptions options of the model plugin
 * @param epochs passes over the training data (default 10)
 * @param batchSize images per step (default 128)
 * @param optimizer optimizer (default SGD lr 0.05, momentum 0.9, weight decay 5e-4)
 * @param schedule learning-rate schedule (default cosine)
 * @param augmentation random crop with padding / horizontal flip (default none)
 * @param checkpointEverySteps extra checkpoints within an epoch (default 0: at epoch ends only)
 * @param initFrom a stage in {@code needs} whose model (same architecture) is the starting point
 *     instead of random weights (multi-phase methods)
 * @param transferSet train on part of the training split only: {@code drop-classes} (class ids
 *     whose images are left out) and {@code fraction} (a seeded share of each kept class, the same
 *     images for every stage with the same fraction); default: every training image. Validation and
 *     test splits stay whole.
 */
public record TrainOptions(
    String model,
    JsonNode modelOptions,
    Integer epochs,
    Integer batchSize,
    OptimizerOptions optimizer,
    ScheduleOptions schedule,
    AugmentationOptions augmentation,
    Integer checkpointEverySteps,
    String initFrom,
    // left out of the stage's key when absent, so that the keys of stages without it stay as
    // they were
    @JsonInclude(JsonInclude.Include.NON_NULL) TransferSetOptions transferSet)
    implements TrainingOptions {

  public TrainOptions {
    epochs = epochs == null ? 10 : epochs;
    batchSize = batchSize == null ? 128 : batchSize;
    optimizer = optimizer == null ? TrainingSettings.defaultOptimizer() : optimizer;
    schedule = schedule == null ? TrainingSettings.defaultSchedule() : schedule;
    augmentation = augmentation == null ? TrainingSettings.defaultAugmentation() : augmentation;
    checkpointEverySteps = checkpointEverySteps == null ? 0 : checkpointEverySteps;
    // `transfer-set: {}` and `{fraction: 1}` keep everything: the same key as no option
    transferSet = transferSet == null || transferSet.keepsEverything() ? null : transferSet;
  }
}
