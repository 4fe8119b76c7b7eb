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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The training loop every training stage uses: epochs of steps (forward pass, losses, one backward
 * pass, an optimizer update over a batch) and {@link TrainingListener listeners} that do the work
 * around them. Per epoch: a seeded shuffle of the training split and augmented batches; every
 * step's arrays live in a sub-manager closed at the end of the step, so native memory stays flat
 * over epochs.
 *
 * <p>The loop's own listeners, installed in this order, measure the validation accuracy at every
 * epoch end ({@code ValidationListener}); write checkpoints at every epoch end, every {@code
 * checkpointEverySteps} steps and when the run is stopped ({@code CheckpointListener}); publish the
 * progress figures and write the {@code metrics.jsonl} epoch records ({@code RecordsListener}); and
 * stop the stage on a non-finite loss ({@code DivergenceListener}). A second run with the same
 * stage key continues from the newest checkpoint and ends with the same parameters as an
 * uninterrupted run. A non-finite loss is first reported to the monitor (the loss gauges show NaN
 * or Inf, so alerts can fire), then stops the stage before the optimizer step, so the last
 * checkpoint stays good; the message says which checkpoint that is.
 *
 * <p>A stage adds its own listeners with {@link #addListener} before {@link #run}: they are called
 * after the loop's own, in the order added (see {@link TrainingListener}).
 */
public final class TrainingLoop {

  /**
   * What the loop measured; the accuracies are NaN/null for objectives that do not {@link
   * TrainingObjective#classifies() classify}.
   */
  public record Report(
      int epochs, double lastEpochLoss, double lastTrainAccuracy, Double validationAccuracy) {}

  /**
   * What one step computed.
   *
   * @param total the back-propagated loss
   * @param figures the unweighted loss components, as {@code loss.<component>}
   * @param correct training images of the batch classified correctly (0 when the objective does not
   *     classify)
   */
  private record Step(float total, Map<String, Double> figures, long correct) {}

  /**
   * The batches of one epoch.
   *
   * @param index the epoch (0-based)
   * @param lr its learning rate
   * @param order its seeded order of the training split
   */
  private record Epoch(
      int index,
      int steps,
      double lr,
      int[] order,
      ImageSplit train,
      int batchSize,
      Augmentation augmentation,
      long seed) {

    /** The first image of {@code step}'s batch, in {@link #order}. */
    int from(int step) {
      return (int) Math.min((long) step * batchSize, train.count());
    }

    /** The end (exclusive) of {@code step}'s batch, in {@link #order}. */
    int to(int step) {
      return (int) Math.min((long) from(step) + batchSize, train.count());
    }
  }

  private final StageContext context;
  private final TrainingSettings settings;
  private final TrainingObjective objective;
  private final NDManager manager;
  private final List<TrainingListener> added = new ArrayList<>();

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

  /**
   * Adds a listener, called after the loop's own (validation, checkpoints, records, divergence) and
   * after the listeners added before it.
   *
   * @return this loop
   */
  public TrainingLoop addListener(TrainingListener listener) {
    added.add(Objects.requireNonNull(listener, "listener is null"));
    return this;
  }

  /** Trains the epochs left (continuing from the newest checkpoint of this stage key). */
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
    String key = context.stageKey();
    boolean classifies = objective.classifies();
    ValidationListener validation = new ValidationListener(context, objective, manager, batchSize);
    Report report = null;
    CheckpointStore.Position resumedAt;
    List<TrainingListener> listeners = new ArrayList<>();

    try (Optimizer optimizer = settings.optimizer().create(parameters)) {
      CheckpointStore.Position position =
          checkpoints.latest(key).orElse(new CheckpointStore.Position(0, 0, key, 0, 0, 0));
      resumedAt = position;
      if (position.epoch() > 0 || position.step() > 0) {
        checkpoints.restore(position, blocks, manager, optimizer);
      }
      listeners.add(validation);
      listeners.add(
          new CheckpointListener(checkpoints, blocks, optimizer, settings.checkpointEverySteps()));
      listeners.add(new RecordsListener(context.monitor(), manager));
      listeners.add(new DivergenceListener(context, checkpoints));
      listeners.addAll(added);
      TrainingListener.TrainingStart start =
          new TrainingListener.TrainingStart(context, settings, steps, position);
      notify(listeners, listener -> listener.onTrainingStart(start));
      for (int epoch = position.epoch(); epoch < settings.epochs(); epoch++) {
        context.monitor().epoch(epoch + 1, settings.epochs());
        double lr =
            settings.schedule().learningRate(settings.optimizer().lr(), epoch, settings.epochs());
        Epoch batches =
            new Epoch(
                epoch,
                steps,
                lr,
                EpochOrder.permutation(seed, epoch, train.count()),
                train,
                batchSize,
                augmentation,
                seed);
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
        for (int step = continuing ? position.step() : 0; step < steps; step++) {
          try {
            context.monitor().checkCancelled();
          } catch (StageCancelledException e) {
            CheckpointStore.Position here =
                new CheckpointStore.Position(epoch, step, key, lossSum, correct, seen);
            notify(listeners, listener -> listener.onCancelled(here));
            throw e;
          }
          int from = batches.from(step);
          int to = batches.to(step);
          Step done = step(batches, step, optimizer, listeners);
          done.figures()
              .forEach(
                  (name, value) ->
                      componentSums.merge(name.substring("loss.".length()), value, Double::sum));
          componentSteps++;
          correct += done.correct();
          lossSum += done.total();
          seen += to - from;
          samplesThisRun += to - from;
          // the losses shown while an epoch goes are its running means (the epoch record's means
          // at its end), not the last batch's
          Map<String, Double> figures = new LinkedHashMap<>(done.figures());
          int meanSteps = componentSteps;
          componentSums.forEach((name, sum) -> figures.put("loss." + name, sum / meanSteps));
          figures.put("loss.total", lossSum / (step + 1));
          double seconds = (System.nanoTime() - started) / 1e9;
          if (classifies) {
            figures.put("accuracy.train", (double) correct / seen);
          }
          figures.put("lr", lr);
          figures.put("throughput", samplesThisRun / Math.max(seconds, 1e-9));
          TrainingListener.BatchEnd batchEnd =
              new TrainingListener.BatchEnd(
                  epoch + 1,
                  settings.epochs(),
                  step + 1,
                  steps,
                  to - from,
                  figures,
                  new CheckpointStore.Position(epoch, step + 1, key, lossSum, correct, seen));
          notify(listeners, listener -> listener.onBatchEnd(batchEnd));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double epochLoss = lossSum / steps;
        Double trainAccuracy = classifies ? (double) correct / seen : null;
        Map<String, Double> means = new LinkedHashMap<>();
        int meanOver = componentSteps;
        componentSums.forEach((name, sum) -> means.put(name, sum / meanOver));
        TrainingListener.EpochEnd end =
            new TrainingListener.EpochEnd(
                epoch + 1,
                settings.epochs(),
                steps,
                lr,
                epochLoss,
                means,
                trainAccuracy,
                seconds,
                samplesThisRun / Math.max(seconds, 1e-9),
                new CheckpointStore.Position(epoch + 1, 0, key, 0, 0, 0, epochLoss, trainAccuracy));
        notify(listeners, listener -> listener.onEpochEnd(end));
        report =
            new Report(
                epoch + 1,
                epochLoss,
                classifies ? trainAccuracy : Double.NaN,
                end.validationAccuracy());
      }
    }
    if (report == null) {
      // every epoch was already done before this run: report from the final checkpoint's model;
      // the final checkpoint carries the last epoch's training figures (a kill between it and
      // result.json must not cost the result its figures)
      report =
          new Report(
              settings.epochs(),
              resumedAt.endedEpochLoss() != null ? resumedAt.endedEpochLoss() : Double.NaN,
              resumedAt.endedTrainAccuracy() != null ? resumedAt.endedTrainAccuracy() : Double.NaN,
              validation.measure());
    }
    Report finished = report;
    notify(listeners, listener -> listener.onTrainingEnd(finished));
    return report;
  }

  /**
   * One step over batch {@code step} of an epoch: the forward pass and losses in a gradient
   * collector, the listeners' {@link TrainingListener#onBatchLosses} (where a non-finite loss stops
   * the stage), one backward pass of the total loss, and the optimizer update. Its arrays live in a
   * sub-manager closed at its end.
   */
  private Step step(Epoch epoch, int step, Optimizer optimizer, List<TrainingListener> listeners) {
    int from = epoch.from(step);
    int to = epoch.to(step);
    int[] order = epoch.order();
    try (NDManager scope = manager.newSubManager()) {
      NDList batch =
          Batches.batch(
              scope,
              epoch.train(),
              order,
              from,
              to,
              epoch.augmentation(),
              epoch.seed(),
              epoch.index());
      NDArray images = batch.get(0);
      NDArray labels = batch.get(1);
      float total;
      Map<String, Double> figures = new LinkedHashMap<>();
      long correct = 0;
      try (ThreadGradientCollector collector = new ThreadGradientCollector()) {
        TrainingObjective.Losses losses =
            objective.losses(
                images,
                labels,
                true,
                new TrainingStep(
                    epoch.index(), settings.epochs(), Arrays.copyOfRange(order, from, to)));
        total = losses.total().getFloat();
        for (var component : losses.components().entrySet()) {
          figures.put("loss." + component.getKey(), (double) component.getValue().getFloat());
        }
        TrainingListener.BatchLosses computed =
            new TrainingListener.BatchLosses(
                epoch.index() + 1, settings.epochs(), step + 1, epoch.steps(), total, figures);
        notify(listeners, listener -> listener.onBatchLosses(computed));
        collector.backward(losses.total());
        if (objective.classifies()) {
          correct = CrossEntropyLoss.countCorrect(losses.logits(), labels);
        }
      }
      optimizer.step(epoch.lr());
      return new Step(total, figures, correct);
    }
  }

  private static void notify(
      List<TrainingListener> listeners, Consumer<TrainingListener> callback) {
    for (TrainingListener listener : listeners) {
      callback.accept(listener);
    }
  }
}
