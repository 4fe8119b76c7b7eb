package dev.distillery.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.distillery.spi.ImageSplit;
import dev.distillery.spi.StageCancelledException;
import dev.distillery.spi.StageContext;
import dev.distillery.spi.TrainingStep;
import dev.distillery.spi.UserException;
import dev.distillery.training.data.Augmentation;
import dev.distillery.training.data.Batches;
import dev.distillery.training.data.EpochOrder;
import dev.distillery.training.optim.Optimizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training loop every training stage uses. Per epoch: a seeded shuffle of the training split,
 * augmented batches, one gradient collector per step with every loss summed into one backward pass,
 * an optimizer step, and a validation pass. Every step's arrays live in a sub-manager closed at the
 * end of the step, so native memory stays flat over epochs.
 *
 * <p>Checkpoints are written at every epoch end (and every {@code checkpointEverySteps} steps, and
 * when the run is stopped); a second run with the same stage key continues from the newest one and
 * ends with the same parameters as an uninterrupted run. A non-finite loss is first reported to the
 * monitor (the loss gauges show NaN or Inf, so alerts can fire), then stops the stage before the
 * optimizer step, so the last checkpoint stays good; the message says which checkpoint that is.
 */
public final class TrainingLoop {

  /**
   * What the loop measured; the accuracies are NaN/null for objectives that do not {@link
   * TrainingObjective#classifies() classify}.
   */
  public record Report(
      int epochs, double lastEpochLoss, double lastTrainAccuracy, Double validationAccuracy) {}

  private final StageContext context;
  private final TrainingSettings settings;
  private final TrainingObjective objective;
  private final NDManager manager;

  /**
   * @param context the stage's context (data, seed, checkpoints, monitor)
   * @param settings epochs, batch size, optimizer, schedule, augmentation
   * @param objective the losses to minimise and the blocks that train
   * @param manager the manager holding the trainable parameters
   */
  public TrainingLoop(
      StageContext context,
      TrainingSettings settings,
      TrainingObjective objective,
      NDManager manager) {
    this.context = context;
    this.settings = settings;
    this.objective = objective;
    this.manager = manager;
  }

  public Report run() {
    ImageSplit train = context.trainSplit();
    if (train.count() == 0) {
      throw new UserException("stage '" + context.stageId() + "' has no training images");
    }
    List<Block> blocks = objective.trainableBlocks();
    List<Parameter> parameters = new ArrayList<>();
    for (Block block : blocks) {
      block.getParameters().values().stream()
          .filter(Parameter::requiresGradient)
          .forEach(parameters::add);
    }
    CheckpointStore checkpoints = new CheckpointStore(context.checkpointDirectory());
    Augmentation augmentation = new Augmentation(settings.augmentation());
    int batchSize = settings.batchSize();
    int steps = (int) ((train.count() + (long) batchSize - 1) / batchSize);
    long seed = context.seed();
    boolean classifies = objective.classifies();
    Report report = null;
    CheckpointStore.Position resumedAt = null;

    try (Optimizer optimizer = settings.optimizer().create(parameters)) {
      CheckpointStore.Position position =
          checkpoints
              .latest(context.stageKey())
              .orElse(new CheckpointStore.Position(0, 0, context.stageKey(), 0, 0, 0));
      resumedAt = position;
      if (position.epoch() > 0 || position.step() > 0) {
        checkpoints.restore(position, blocks, manager, optimizer);
        context
            .monitor()
            .record(
                "resumed",
                Map.of("epoch", position.epoch() + 1, "step", position.step(), "steps", steps));
      }
      for (int epoch = position.epoch(); epoch < settings.epochs(); epoch++) {
        context.monitor().epoch(epoch + 1, settings.epochs());
        double lr =
            settings.schedule().learningRate(settings.optimizer().lr(), epoch, settings.epochs());
        int[] order = EpochOrder.permutation(seed, epoch, train.count());
        boolean continuing = epoch == position.epoch();
        double lossSum = continuing ? position.epochLossSum() : 0;
        long correct = continuing ? position.epochCorrect() : 0;
        long seen = continuing ? position.epochSamples() : 0;
        long started = System.nanoTime();
        long samplesThisRun = 0;
        // unweighted loss components summed over the steps this process ran of the epoch (after
        // a resume inside an epoch: the steps since the resume), for the epoch record's means
        Map<String, Double> componentSums = new LinkedHashMap<>();
        int componentSteps = 0;
        String phase = "epoch " + (epoch + 1) + "/" + settings.epochs();
        for (int step = continuing ? position.step() : 0; step < steps; step++) {
          try {
            context.monitor().checkCancelled();
          } catch (StageCancelledException e) {
            checkpoints.save(
                new CheckpointStore.Position(
                    epoch, step, context.stageKey(), lossSum, correct, seen),
                blocks,
                optimizer);
            throw e;
          }
          int from = (int) Math.min((long) step * batchSize, train.count());
          int to = (int) Math.min((long) from + batchSize, train.count());
          Map<String, Double> figures = new LinkedHashMap<>();
          try (NDManager scope = manager.newSubManager()) {
            NDList batch = Batches.batch(scope, train, order, from, to, augmentation, seed, epoch);
            NDArray images = batch.get(0);
            NDArray labels = batch.get(1);
            float total;
            try (ThreadGradientCollector collector = new ThreadGradientCollector()) {
              TrainingObjective.Losses losses =
                  objective.losses(
                      images,
                      labels,
                      true,
                      new TrainingStep(
                          epoch, settings.epochs(), java.util.Arrays.copyOfRange(order, from, to)));
              total = losses.total().getFloat();
              for (var component : losses.components().entrySet()) {
                double value = component.getValue().getFloat();
                figures.put("loss." + component.getKey(), value);
                componentSums.merge(component.getKey(), value, Double::sum);
              }
              componentSteps++;
              if (!Float.isFinite(total)) {
                // the gauges must show the divergence (alert DistilleryLossNaN) before it stops
                figures.put("loss.total", (double) total);
                context.monitor().progress(phase, step + 1, steps, figures);
                throw nonFinite(epoch, step, steps, total, figures, checkpoints);
              }
              collector.backward(losses.total());
              if (classifies) {
                correct += CrossEntropyLoss.countCorrect(losses.logits(), labels);
              }
            }
            optimizer.step(lr);
            lossSum += total;
            seen += to - from;
            samplesThisRun += to - from;
          }
          // the losses shown while an epoch goes are its running means (the epoch record's means
          // at its end), not the last batch's
          int meanSteps = componentSteps;
          componentSums.forEach((name, sum) -> figures.put("loss." + name, sum / meanSteps));
          figures.put("loss.total", lossSum / (step + 1));
          double seconds = (System.nanoTime() - started) / 1e9;
          if (classifies) {
            figures.put("accuracy.train", (double) correct / seen);
          }
          figures.put("lr", lr);
          figures.put("throughput", samplesThisRun / Math.max(seconds, 1e-9));
          context.monitor().trained(1, to - from);
          if (step + 1 < steps) {
            // the epoch's end is published once, below, with the epoch's figures
            context.monitor().progress(phase, step + 1, steps, figures);
          }
          if (settings.checkpointEverySteps() > 0
              && (step + 1) % settings.checkpointEverySteps() == 0
              && step + 1 < steps) {
            checkpoints.save(
                new CheckpointStore.Position(
                    epoch, step + 1, context.stageKey(), lossSum, correct, seen),
                blocks,
                optimizer);
          }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Double validation = null;
        if (classifies && context.validationSplit().count() > 0) {
          validation =
              Predictions.accuracy(
                  objective::predict,
                  context.validationSplit(),
                  manager,
                  (int) Math.min(2L * batchSize, Integer.MAX_VALUE));
        }
        double epochLoss = lossSum / steps;
        double trainAccuracy = classifies ? (double) correct / seen : Double.NaN;
        checkpoints.save(
            new CheckpointStore.Position(
                epoch + 1,
                0,
                context.stageKey(),
                0,
                0,
                0,
                epochLoss,
                classifies ? trainAccuracy : null),
            blocks,
            optimizer);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("epoch", epoch + 1);
        record.put("epochs", settings.epochs());
        record.put("lr", lr);
        record.put("loss", epochLoss);
        int meanOver = componentSteps;
        componentSums.forEach((name, sum) -> record.put("loss_" + name, sum / meanOver));
        if (classifies) {
          record.put("train_accuracy", trainAccuracy);
        }
        if (validation != null) {
          record.put("validation_accuracy", validation);
        }
        record.put("seconds", seconds);
        record.put("samples_per_second", samplesThisRun / Math.max(seconds, 1e-9));
        record.put("rss_bytes", ProcessMemory.residentBytes());
        record.put("native_arrays", manager.getManagedArrays().size());
        context.monitor().record("epoch", record);
        Map<String, Double> figures = new LinkedHashMap<>();
        componentSums.forEach((name, sum) -> figures.put("loss." + name, sum / meanOver));
        figures.put("loss.total", epochLoss);
        if (classifies) {
          figures.put("accuracy.train", trainAccuracy);
        }
        if (validation != null) {
          figures.put("accuracy.validation", validation);
        }
        figures.put("lr", lr);
        figures.put("throughput", samplesThisRun / Math.max(seconds, 1e-9));
        context.monitor().progress(phase, steps, steps, figures);
        report = new Report(epoch + 1, epochLoss, trainAccuracy, validation);
      }
    }
    if (report == null) {
      // every epoch was already done before this run: report from the final checkpoint's model
      Double validation =
          classifies && context.validationSplit().count() > 0
              ? Predictions.accuracy(
                  objective::predict,
                  context.validationSplit(),
                  manager,
                  (int) Math.min(2L * batchSize, Integer.MAX_VALUE))
              : null;
      // the final checkpoint carries the last epoch's training figures (a kill between it and
      // result.json must not cost the result its figures)
      report =
          new Report(
              settings.epochs(),
              resumedAt != null && resumedAt.endedEpochLoss() != null
                  ? resumedAt.endedEpochLoss()
                  : Double.NaN,
              resumedAt != null && resumedAt.endedTrainAccuracy() != null
                  ? resumedAt.endedTrainAccuracy()
                  : Double.NaN,
              validation);
    }
    return report;
  }

  private UserException nonFinite(
      int epoch,
      int step,
      int steps,
      float total,
      Map<String, Double> figures,
      CheckpointStore checkpoints) {
    long globalStep = (long) epoch * steps + step + 1;
    return new UserException(
        "stage '"
            + context.stageId()
            + "' stopped: the loss became "
            + total
            + " at epoch "
            + (epoch + 1)
            + ", step "
            + (step + 1)
            + " of "
            + steps
            + " (global step "
            + globalStep
            + "; components "
            + figures
            + "). "
            + kept(checkpoints.latest(context.stageKey()).orElse(null), steps)
            + " Lower the learning rate (optimizer.lr), the distillation weight or temperature, and"
            + " run again: the stage restarts from that checkpoint only if its options are"
            + " unchanged, so a changed option starts it afresh.");
  }

  /** What a diverged stage leaves to restart from, as the checkpoint store holds it. */
  static String kept(CheckpointStore.Position latest, int steps) {
    if (latest == null || (latest.epoch() == 0 && latest.step() == 0)) {
      return "No checkpoint of this stage exists yet (it diverged before its first epoch ended):"
          + " run again and it starts from its initial weights.";
    }
    if (latest.step() == 0) {
      return "The checkpoint of the end of epoch " + latest.epoch() + " is kept.";
    }
    return "The checkpoint after step "
        + latest.step()
        + " of "
        + steps
        + " of epoch "
        + (latest.epoch() + 1)
        + " is kept.";
  }
}
