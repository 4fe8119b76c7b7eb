package dev.distillery.factortransfer;

import dev.distillery.training.TrainingOptions;
import dev.distillery.training.TrainingSettings;
import dev.distillery.training.data.AugmentationOptions;
import dev.distillery.training.optim.OptimizerOptions;
import dev.distillery.training.schedule.ScheduleOptions;
import java.util.List;

/**
 * Options of the {@code pretrain-paraphraser} stage.
 *
 * @param teacher the stage (listed in {@code needs}) whose model is the teacher
 * @param featurePoint the teacher feature map the paraphraser rebuilds (default {@code layer3}, the
 *     last group, as the authors' {@code outputs[2]} and RepDistiller's {@code feat_t[-2]})
 * @param rate the paraphrase rate k: the factor has round(C·k) channels (default 0.5, the authors'
 *     {@code --rate})
 * @param loss the reconstruction loss: {@code l1} (default, the authors' {@code nn.L1Loss}) or
 *     {@code mse} (RepDistiller's {@code nn.MSELoss})
 * @param batchNorm BatchNorm after each convolution (default false: commented out in the authors'
 *     code, {@code use_bn=False} in RepDistiller's)
 * @param epochs passes over the training data (default 5, the authors' {@code --epoch})
 * @param batchSize images per step (default 128, as the authors')
 * @param optimizer optimizer (default SGD lr 0.1, momentum 0.9, weight decay 5e-4, the authors')
 * @param schedule learning-rate schedule (default cosine; the authors' MultiStepLR milestones 150
 *     and 225 are never reached in 5 epochs, a constant rate, which leaves the L1 paraphraser where
 *     its last updates throw it: {@code {type: constant}} gives it)
 * @param augmentation random crop with padding / horizontal flip (default none)
 * @param checkpointEverySteps extra checkpoints within an epoch (default 0: at epoch ends only)
 */
public record PretrainParaphraserOptions(
    String teacher,
    String featurePoint,
    Double rate,
    String loss,
    Boolean batchNorm,
    Integer epochs,
    Integer batchSize,
    OptimizerOptions optimizer,
    ScheduleOptions schedule,
    AugmentationOptions augmentation,
    Integer checkpointEverySteps)
    implements TrainingOptions {

  public static final String DEFAULT_FEATURE_POINT = "layer3";
  public static final double DEFAULT_RATE = 0.5;
  public static final String L1 = "l1";
  public static final String MSE = "mse";
  public static final List<String> LOSSES = List.of(L1, MSE);
  public static final int DEFAULT_EPOCHS = 5;
  public static final double DEFAULT_LR = 0.1;

  public PretrainParaphraserOptions {
    featurePoint = featurePoint == null ? DEFAULT_FEATURE_POINT : featurePoint;
    rate = rate == null ? DEFAULT_RATE : rate;
    loss = loss == null ? L1 : loss;
    batchNorm = batchNorm != null && batchNorm;
    epochs = epochs == null ? DEFAULT_EPOCHS : epochs;
    batchSize = batchSize == null ? 128 : batchSize;
    optimizer =
        optimizer == null ? new OptimizerOptions.Sgd(DEFAULT_LR, 0.9, false, 5e-4) : optimizer;
    schedule = schedule == null ? TrainingSettings.defaultSchedule() : schedule;
    augmentation = augmentation == null ? AugmentationOptions.none() : augmentation;
    checkpointEverySteps = checkpointEverySteps == null ? 0 : checkpointEverySteps;
  }
}
