package dev.distillery.training;

import dev.distillery.spi.StageContext;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Work a {@link TrainingLoop} does around its steps, in the manner of DJL's {@code
 * ai.djl.training.listener.TrainingListener}: the loop runs the steps and the epochs, and its
 * listeners do the rest at the points named here. The loop installs its own first, in this order:
 * validation (the validation accuracy of each epoch), checkpoints (every epoch end, every {@code
 * checkpoint-every-steps} steps, and when the run is stopped), records (the {@code metrics.jsonl}
 * epoch records and the progress figures) and divergence (a non-finite loss stops the stage before
 * the optimizer step). A stage adds its own with {@link TrainingLoop#addListener}; they are called
 * after the loop's own, in the order they were added, on the training thread.
 *
 * <p>Every method does nothing by default. A listener must not change the networks' parameters or
 * consume random numbers the training uses: a resumed stage must end with the same parameters as an
 * uninterrupted one; after a resume, the epochs finished before it are not replayed to the
 * listeners. An exception thrown by a listener stops the stage (the newest checkpoint stays).
 * Epochs and steps are counted from 1 in every event.
 *
 * <pre>{@code
 * TrainingLoop loop = new TrainingLoop(context, settings, objective, manager);
 * loop.addListener(
 *     new TrainingListener() {
 *       @Override
 *       public void onEpochEnd(EpochEnd end) {
 *         if (end.validationAccuracy() != null) {
 *           double gap = end.trainAccuracy() - end.validationAccuracy();
 *           context.monitor().record("generalisation-gap", Map.of("epoch", end.epoch(), "gap", gap));
 *         }
 *       }
 *     });
 * TrainingLoop.Report report = loop.run();
 * }</pre>
 */
public interface TrainingListener {

  /** Before the first step this process runs: after the newest checkpoint (if any) was restored. */
  default void onTrainingStart(TrainingStart start) {}

  /**
   * After a batch's losses were computed and before they are back-propagated: a listener that
   * throws here stops the stage before any weight changes. Called on every step: keep it cheap.
   */
  default void onBatchLosses(BatchLosses losses) {}

  /** After a batch's optimizer step. Called on every step: keep it cheap. */
  default void onBatchEnd(BatchEnd batch) {}

  /** After the last step of an epoch and the loop's own epoch-end measurements. */
  default void onEpochEnd(EpochEnd end) {}

  /**
   * The run is being stopped (Ctrl-C, a signal) before the step after {@code position}; the loop
   * rethrows the cancellation after every listener was called.
   *
   * @param position where training stands: what a checkpoint taken now holds
   */
  default void onCancelled(CheckpointStore.Position position) {}

  /**
   * After the last epoch, with what the loop reports (also when every epoch was done before this
   * process started). Not called when training stops with an exception.
   */
  default void onTrainingEnd(TrainingLoop.Report report) {}

  /**
   * The start of training.
   *
   * @param context the stage's context
   * @param settings how the loop runs
   * @param steps steps per epoch
   * @param position where training continues: epoch 0, step 0 for a fresh start, else the restored
   *     checkpoint's position
   */
  record TrainingStart(
      StageContext context,
      TrainingSettings settings,
      int steps,
      CheckpointStore.Position position) {

    /** Whether training continues from a checkpoint rather than from the start. */
    public boolean resumed() {
      return position.epoch() > 0 || position.step() > 0;
    }
  }

  /**
   * The losses of one batch, before back-propagation.
   *
   * @param epoch the epoch (from 1)
   * @param epochs epochs in all
   * @param step the step within the epoch (from 1)
   * @param steps steps per epoch
   * @param total the loss that is back-propagated
   * @param figures the batch's unweighted loss components, as {@code loss.<component>}, in the
   *     objective's order
   */
  record BatchLosses(
      int epoch, int epochs, int step, int steps, float total, Map<String, Double> figures) {

    public BatchLosses {
      figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    }
  }

  /**
   * One batch trained.
   *
   * @param epoch the epoch (from 1)
   * @param epochs epochs in all
   * @param step the step within the epoch (from 1)
   * @param steps steps per epoch
   * @param samples images in the batch
   * @param figures the epoch's running figures: {@code loss.<component>} and {@code loss.total}
   *     (means over the epoch's steps so far), {@code accuracy.train} (when the objective
   *     classifies), {@code lr}, {@code throughput} (images/s)
   * @param position where training stands after the batch: what a checkpoint taken now holds
   */
  record BatchEnd(
      int epoch,
      int epochs,
      int step,
      int steps,
      long samples,
      Map<String, Double> figures,
      CheckpointStore.Position position) {

    public BatchEnd {
      figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    }

    /** Whether this was the epoch's last step. */
    public boolean lastOfEpoch() {
      return step == steps;
    }
  }

  /**
   * The end of an epoch: the epoch's figures, and where training stands.
   *
   * <p>The validation accuracy is measured by the loop's own first listener, so every listener
   * after it (the stage's included) sees it.
   */
  final class EpochEnd {

    private final int epoch;
    private final int epochs;
    private final int steps;
    private final double lr;
    private final double loss;
    private final Map<String, Double> losses;
    private final Double trainAccuracy;
    private final double seconds;
    private final double samplesPerSecond;
    private final CheckpointStore.Position position;
    private Double validationAccuracy;

    /**
     * @param epoch the epoch that ended (from 1)
     * @param epochs epochs in all
     * @param steps steps per epoch
     * @param lr the epoch's learning rate
     * @param loss the mean total loss over the epoch's steps
     * @param losses the means of the unweighted loss components over the epoch's steps this process
     *     ran, by component name (e.g. {@code ce}, {@code kd})
     * @param trainAccuracy the epoch's training accuracy, or null when the objective does not
     *     classify
     * @param seconds the epoch's training time in this process (validation excluded)
     * @param samplesPerSecond training images per second in this process
     * @param position where training stands: the next epoch's start, with this epoch's figures
     */
    public EpochEnd(
        int epoch,
        int epochs,
        int steps,
        double lr,
        double loss,
        Map<String, Double> losses,
        Double trainAccuracy,
        double seconds,
        double samplesPerSecond,
        CheckpointStore.Position position) {
      this.epoch = epoch;
      this.epochs = epochs;
      this.steps = steps;
      this.lr = lr;
      this.loss = loss;
      this.losses = Collections.unmodifiableMap(new LinkedHashMap<>(losses));
      this.trainAccuracy = trainAccuracy;
      this.seconds = seconds;
      this.samplesPerSecond = samplesPerSecond;
      this.position = Objects.requireNonNull(position, "position is null");
    }

    /** The epoch that ended, from 1. */
    public int epoch() {
      return epoch;
    }

    public int epochs() {
      return epochs;
    }

    /** Steps per epoch. */
    public int steps() {
      return steps;
    }

    public double lr() {
      return lr;
    }

    /** The mean total loss over the epoch's steps. */
    public double loss() {
      return loss;
    }

    /** The means of the unweighted loss components, by component name. */
    public Map<String, Double> losses() {
      return losses;
    }

    /** The epoch's training accuracy, or null when the objective does not classify. */
    public Double trainAccuracy() {
      return trainAccuracy;
    }

    /**
     * The accuracy on the validation split after this epoch, or null (no validation split, or an
     * objective that does not classify).
     */
    public Double validationAccuracy() {
      return validationAccuracy;
    }

    void validationAccuracy(Double accuracy) {
      this.validationAccuracy = accuracy;
    }

    /** The epoch's training time in this process, in seconds (validation excluded). */
    public double seconds() {
      return seconds;
    }

    /** Training images per second in this process. */
    public double samplesPerSecond() {
      return samplesPerSecond;
    }

    /** Where training stands: the next epoch's start, carrying this epoch's loss and accuracy. */
    public CheckpointStore.Position position() {
      return position;
    }

    /**
     * The epoch's figures as progress publishes them: {@code loss.<component>}, {@code loss.total},
     * {@code accuracy.train}, {@code accuracy.validation} (those measured), {@code lr}, {@code
     * throughput}.
     */
    public Map<String, Double> figures() {
      Map<String, Double> figures = new LinkedHashMap<>();
      losses.forEach((name, mean) -> figures.put("loss." + name, mean));
      figures.put("loss.total", loss);
      if (trainAccuracy != null) {
        figures.put("accuracy.train", trainAccuracy);
      }
      if (validationAccuracy != null) {
        figures.put("accuracy.validation", validationAccuracy);
      }
      figures.put("lr", lr);
      figures.put("throughput", samplesPerSecond);
      return figures;
    }
  }
}
