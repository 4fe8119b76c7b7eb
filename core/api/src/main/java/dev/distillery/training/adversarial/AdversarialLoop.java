package dev.distillery.training.adversarial;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.distillery.spi.StageCancelledException;
import dev.distillery.spi.StageContext;
import dev.distillery.spi.UserException;
import dev.distillery.training.CheckpointStore;
import dev.distillery.training.LossContract;
import dev.distillery.training.ProcessMemory;
import dev.distillery.training.ThreadGradientCollector;
import dev.distillery.training.data.LatentStream;
import dev.distillery.training.optim.Optimizer;
import dev.distillery.training.optim.OptimizerOptions;
import dev.distillery.training.schedule.ScheduleOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The loop of stages that train several networks against each other from latent vectors: a
 * generator and a student (data-free distillation), a generator and a discriminator (GANs). Each
 * iteration hands a {@link Round} the {@link Moves} it may make — draw latent batches, minimise a
 * loss for some of the players — inside one autograd scope and one sub-manager closed at its end.
 *
 * <p>Checkpoints hold every player's blocks and optimizer state and the {@link AdversarialPosition}
 * (epoch, iteration, latent reseeds); the latent vectors are a function of the seed, the reseeds,
 * the iteration and the draw ({@link LatentStream}), so a resumed stage ends with the same weights
 * as an uninterrupted one. At every epoch end an {@link EpochEnd} judges the players (and measures
 * what it likes); a collapse is reported and, as {@link AdversarialSettings#onCollapse()} says,
 * restored from the last healthy epoch end with a reseeded latent stream, only reported, or stops
 * the stage. A non-finite loss is reported to the monitor (the loss gauge shows it), then stops the
 * stage before it changes any weight; the message names the checkpoint kept.
 */
public final class AdversarialLoop {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(AdversarialLoop.class);

  /**
   * A network that trains in the loop.
   *
   * @param name its name in messages and metrics ({@code student}, {@code generator}, ...)
   * @param blocks the blocks whose parameters it trains (checkpointed in this order)
   * @param optimizer its optimizer
   * @param schedule its learning-rate schedule over the epochs
   */
  public record Player(
      String name, List<Block> blocks, OptimizerOptions optimizer, ScheduleOptions schedule) {

    public Player {
      Objects.requireNonNull(name, "name is null");
      blocks = List.copyOf(blocks);
      Objects.requireNonNull(optimizer, "optimizer is null");
      Objects.requireNonNull(schedule, "schedule is null");
    }
  }

  /** What a round may do in one iteration. */
  public interface Moves {

    /** The iteration's manager; closed when the iteration ends. */
    NDManager manager();

    /** The iteration counted over the whole stage (0-based). */
    long iteration();

    /** The epoch (0-based). */
    int epoch();

    /**
     * The next batch of standard-normal latent vectors of the iteration, {@code (rows, columns)}.
     */
    NDArray latent(int rows, int columns);

    /** The next draw of uniform values in [0, 1) of the iteration, {@code (rows, columns)}. */
    NDArray uniform(int rows, int columns);

    /**
     * Back-propagates a scalar loss, steps the optimizers of the named players at their current
     * learning rates and clears every player's gradients; a non-finite loss stops the stage first.
     */
    void minimise(NDArray loss, String... players);

    /** Switches autograd off for {@code work}: passes whose graph no loss will need. */
    <T> T withoutGradients(java.util.function.Supplier<T> work);

    /**
     * The gradient of a scalar {@code output} with respect to {@code input} (an array that requires
     * gradients), itself differentiable (PyTorch's {@code autograd.grad(output, input,
     * create_graph=True)}): for penalties on it, like WGAN-GP's. The players' parameters keep the
     * zero gradients they had (minimise leaves them so); a later {@link #minimise} of a loss built
     * on the gradient reaches them through it, second-order terms included.
     */
    NDArray inputGradient(NDArray output, NDArray input);
  }

  /** One iteration. */
  public interface Round {

    /**
     * Plays one iteration and returns its named loss terms (scalars of {@link Moves#manager()}), in
     * a stable order, for metrics.
     */
    Map<String, NDArray> play(Moves moves);
  }

  /** What an epoch end found. */
  public record Verdict(boolean collapsed, String reason, Map<String, Object> figures) {

    public Verdict {
      figures = figures == null ? Map.of() : new LinkedHashMap<>(figures);
    }

    public static Verdict healthy(Map<String, Object> figures) {
      return new Verdict(false, null, figures);
    }
  }

  /** Measures and judges the players at the end of an epoch. */
  public interface EpochEnd {

    /**
     * Called after epoch {@code epoch} (1-based) with the mean of each loss term over the epoch;
     * returns whether the players collapsed, why, and figures for the epoch's metrics record.
     */
    Verdict judge(int epoch, Map<String, Double> meanLosses);
  }

  /** What the loop did: the last epoch's mean losses and every collapse, in order. */
  public record Report(
      int epochs,
      Map<String, Double> lastMeanLosses,
      List<AdversarialPosition.Collapse> collapses,
      int restores) {}

  private final StageContext context;
  private final AdversarialSettings settings;
  private final List<Player> players;
  private final NDManager manager;
  private final LatentStream latents;

  public AdversarialLoop(
      StageContext context, AdversarialSettings settings, List<Player> players, NDManager manager) {
    this.context = context;
    this.settings = settings;
    this.players = List.copyOf(players);
    this.manager = manager;
    this.latents = new LatentStream(context.seed());
  }

  /** Runs the epochs (continuing from the newest checkpoint of this stage key). */
  public Report run(Round round, EpochEnd epochEnd) {
    List<Block> blocks = new ArrayList<>();
    List<Optimizer> optimizers = new ArrayList<>();
    Map<String, Optimizer> byName = new LinkedHashMap<>();
    Map<String, List<Parameter>> parametersByPlayer = new LinkedHashMap<>();
    try {
      for (Player player : players) {
        blocks.addAll(player.blocks());
        List<Parameter> parameters = new ArrayList<>();
        for (Block block : player.blocks()) {
          block.getParameters().values().stream()
              .filter(Parameter::requiresGradient)
              .forEach(parameters::add);
        }
        Optimizer optimizer = player.optimizer().create(parameters);
        optimizers.add(optimizer);
        byName.put(player.name(), optimizer);
        parametersByPlayer.put(player.name(), parameters);
      }
      return run(round, epochEnd, blocks, optimizers, byName, parametersByPlayer);
    } finally {
      optimizers.forEach(Optimizer::close);
    }
  }

  private Report run(
      Round round,
      EpochEnd epochEnd,
      List<Block> blocks,
      List<Optimizer> optimizers,
      Map<String, Optimizer> byName,
      Map<String, List<Parameter>> parametersByPlayer) {
    Path directory = context.checkpointDirectory();
    CheckpointStore checkpoints = new CheckpointStore(directory);
    // beside the checkpoints, not inside: a store removes every other directory in its own
    CheckpointStore healthy =
        new CheckpointStore(directory.resolveSibling(directory.getFileName() + "-healthy"));
    String key = context.stageKey();
    AdversarialPosition position = checkpoints.latest(key, AdversarialPosition.class).orElse(null);
    if (position == null) {
      position = new AdversarialPosition(key, 0, 0, 0, List.of(), Map.of());
      checkpoints.save(position, blocks, optimizers);
      healthy.save(position, blocks, optimizers);
    } else {
      checkpoints.restore(position, blocks, manager, optimizers);
      if (position.epoch() > 0 || position.iteration() > 0) {
        context
            .monitor()
            .record(
                "resumed",
                Map.of(
                    "epoch", position.epoch() + 1,
                    "iteration", position.iteration(),
                    "iterations", settings.iterationsPerEpoch(),
                    "reseeds", position.reseeds()));
      }
    }
    Map<String, Double> lastMeans = Map.of();
    int epoch = position.epoch();
    while (epoch < settings.epochs()) {
      context.monitor().epoch(epoch + 1, settings.epochs());
      Map<String, Double> rates = new LinkedHashMap<>();
      for (Player player : players) {
        rates.put(
            player.name(),
            player.schedule().learningRate(player.optimizer().lr(), epoch, settings.epochs()));
      }
      boolean continuing = epoch == position.epoch();
      Map<String, Double> sums = new LinkedHashMap<>(continuing ? position.lossSums() : Map.of());
      int first = continuing ? position.iteration() : 0;
      long started = System.nanoTime();
      long latentRowsThisRun = 0;
      String phase = "epoch " + (epoch + 1) + "/" + settings.epochs();
      for (int iteration = first; iteration < settings.iterationsPerEpoch(); iteration++) {
        AdversarialPosition here =
            new AdversarialPosition(
                key, epoch, iteration, position.reseeds(), position.collapses(), sums);
        try {
          context.monitor().checkCancelled();
        } catch (StageCancelledException e) {
          checkpoints.save(here, blocks, optimizers);
          throw e;
        }
        long global = (long) epoch * settings.iterationsPerEpoch() + iteration;
        Map<String, Double> figures = new LinkedHashMap<>();
        int[] steps = {0};
        long[] latentRows = {0};
        try (NDManager scope = manager.newSubManager();
            ThreadGradientCollector collector = new ThreadGradientCollector()) {
          int[] draws = {0};
          Moves moves =
              new IterationMoves(
                  scope,
                  global,
                  epoch,
                  here,
                  draws,
                  latentRows,
                  steps,
                  collector,
                  byName,
                  rates,
                  parametersByPlayer,
                  checkpoints);
          Map<String, NDArray> losses = round.play(moves);
          for (var entry : losses.entrySet()) {
            double value =
                LossContract.scalar(
                        entry.getValue(),
                        "stage '" + context.stageId() + "': loss term '" + entry.getKey() + "'")
                    .getFloat();
            figures.put("loss." + entry.getKey(), value);
            sums.merge(entry.getKey(), value, Double::sum);
          }
        }
        latentRowsThisRun += latentRows[0];
        double seconds = (System.nanoTime() - started) / 1e9;
        rates.forEach((name, lr) -> figures.put("lr." + name, lr));
        figures.put("throughput", latentRowsThisRun / Math.max(seconds, 1e-9));
        context.monitor().trained(steps[0], latentRows[0]);
        context.monitor().progress(phase, iteration + 1, settings.iterationsPerEpoch(), figures);
        if (settings.checkpointEveryIterations() > 0
            && (iteration + 1) % settings.checkpointEveryIterations() == 0
            && iteration + 1 < settings.iterationsPerEpoch()) {
          checkpoints.save(
              new AdversarialPosition(
                  key, epoch, iteration + 1, position.reseeds(), position.collapses(), sums),
              blocks,
              optimizers);
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      Map<String, Double> means = new LinkedHashMap<>();
      sums.forEach((name, sum) -> means.put(name, sum / settings.iterationsPerEpoch()));
      Verdict verdict = epochEnd.judge(epoch + 1, means);
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("epoch", epoch + 1);
      record.put("epochs", settings.epochs());
      rates.forEach((name, lr) -> record.put("lr_" + name, lr));
      means.forEach((name, mean) -> record.put("loss_" + name, mean));
      record.putAll(verdict.figures());
      record.put("seconds", seconds);
      record.put("latent_per_second", latentRowsThisRun / Math.max(seconds, 1e-9));
      record.put("rss_bytes", ProcessMemory.residentBytes());
      record.put("native_arrays", manager.getManagedArrays().size());
      record.put("collapsed", verdict.collapsed());
      context.monitor().record("epoch", record);
      lastMeans = means;
      if (!verdict.collapsed()) {
        position =
            new AdversarialPosition(
                key, epoch + 1, 0, position.reseeds(), position.collapses(), Map.of());
        checkpoints.save(position, blocks, optimizers);
        healthy.save(position, blocks, optimizers);
        epoch++;
        continue;
      }
      boolean restore =
          settings.onCollapse() == AdversarialSettings.OnCollapse.RESTORE
              && position.reseeds() < settings.maxRestores();
      String action =
          restore
              ? "restored the end of epoch " + healthyEpoch(healthy, key) + ", reseeded latents"
              : settings.onCollapse() == AdversarialSettings.OnCollapse.STOP
                  ? "stopped"
                  : "continued";
      AdversarialPosition.Collapse collapse =
          new AdversarialPosition.Collapse(epoch + 1, position.reseeds(), verdict.reason(), action);
      position = position.withCollapse(collapse);
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("epoch", collapse.epoch());
      event.put("reseeds", collapse.reseeds());
      event.put("reason", collapse.reason());
      event.put("action", collapse.action());
      context.monitor().record("collapse", event);
      context
          .monitor()
          .progress("collapse", 1, 1, Map.of("collapses", (double) position.collapses().size()));
      LOG.warn(
          "stage {}: collapse at the end of epoch {}: {}; {}",
          context.stageId(),
          collapse.epoch(),
          collapse.reason(),
          action);
      if (settings.onCollapse() == AdversarialSettings.OnCollapse.STOP) {
        throw new UserException(
            "stage '"
                + context.stageId()
                + "' stopped: the generator collapsed in epoch "
                + (epoch + 1)
                + " ("
                + verdict.reason()
                + "). The checkpoint of the last healthy epoch end is kept. Set `on-collapse:"
                + " restore` to go back to it with other latent vectors, or `on-collapse: warn`"
                + " to train on");
      }
      if (restore) {
        AdversarialPosition back = healthy.latest(key, AdversarialPosition.class).orElseThrow();
        healthy.restore(back, blocks, manager, optimizers);
        position =
            new AdversarialPosition(
                key, back.epoch(), 0, position.reseeds() + 1, position.collapses(), Map.of());
        checkpoints.save(position, blocks, optimizers);
        epoch = back.epoch();
      } else {
        position =
            new AdversarialPosition(
                key, epoch + 1, 0, position.reseeds(), position.collapses(), Map.of());
        checkpoints.save(position, blocks, optimizers);
        epoch++;
      }
    }
    return new Report(settings.epochs(), lastMeans, position.collapses(), position.reseeds());
  }

  private static int healthyEpoch(CheckpointStore healthy, String key) {
    return healthy.latest(key, AdversarialPosition.class).map(AdversarialPosition::epoch).orElse(0);
  }

  /** The moves of one iteration. */
  private final class IterationMoves implements Moves {

    private final NDManager scope;
    private final long iteration;
    private final int epoch;
    private final AdversarialPosition position;
    private final int[] draws;
    private final long[] latentRows;
    private final int[] steps;
    private final ThreadGradientCollector collector;
    private final Map<String, Optimizer> optimizers;
    private final Map<String, Double> rates;
    private final Map<String, List<Parameter>> parametersByPlayer;
    private final CheckpointStore checkpoints;

    IterationMoves(
        NDManager scope,
        long iteration,
        int epoch,
        AdversarialPosition position,
        int[] draws,
        long[] latentRows,
        int[] steps,
        ThreadGradientCollector collector,
        Map<String, Optimizer> optimizers,
        Map<String, Double> rates,
        Map<String, List<Parameter>> parametersByPlayer,
        CheckpointStore checkpoints) {
      this.parametersByPlayer = parametersByPlayer;
      this.checkpoints = checkpoints;
      this.scope = scope;
      this.iteration = iteration;
      this.epoch = epoch;
      this.position = position;
      this.draws = draws;
      this.latentRows = latentRows;
      this.steps = steps;
      this.collector = collector;
      this.optimizers = optimizers;
      this.rates = rates;
    }

    @Override
    public NDManager manager() {
      return scope;
    }

    @Override
    public long iteration() {
      return iteration;
    }

    @Override
    public int epoch() {
      return epoch;
    }

    @Override
    public NDArray latent(int rows, int columns) {
      float[] values = latents.batch(position.reseeds(), iteration, draws[0]++, rows, columns);
      latentRows[0] += rows;
      return scope.create(values, new Shape(rows, columns));
    }

    @Override
    public NDArray uniform(int rows, int columns) {
      float[] values = latents.uniform(position.reseeds(), iteration, draws[0]++, rows * columns);
      return scope.create(values, new Shape(rows, columns));
    }

    @Override
    public void minimise(NDArray minimised, String... names) {
      NDArray loss =
          LossContract.scalar(
              minimised,
              "stage '"
                  + context.stageId()
                  + "': the loss minimised for "
                  + String.join(" and ", names));
      float value = loss.getFloat();
      if (!Float.isFinite(value)) {
        // the gauges must show the divergence (alert DistilleryLossNaN) before it stops
        context
            .monitor()
            .progress(
                "epoch " + (epoch + 1) + "/" + settings.epochs(),
                position.iteration() + 1,
                settings.iterationsPerEpoch(),
                Map.of("loss." + String.join("+", names), (double) value));
        throw new UserException(
            "stage '"
                + context.stageId()
                + "' stopped: a loss of "
                + String.join(" and ", names)
                + " became "
                + value
                + " in epoch "
                + (epoch + 1)
                + ", iteration "
                + (position.iteration() + 1)
                + " of "
                + settings.iterationsPerEpoch()
                + ", before any weight changed. "
                + kept()
                + " Lower the learning rates or loss weights and run again: the stage restarts"
                + " from that checkpoint only if its options are unchanged.");
      }
      collector.backward(loss);
      withoutGradients(
          () -> {
            // optimizer updates must not be recorded by autograd
            for (String name : names) {
              Optimizer optimizer = optimizers.get(name);
              if (optimizer == null) {
                throw new IllegalArgumentException(
                    "no player '" + name + "'; players: " + optimizers.keySet());
              }
              optimizer.step(rates.get(name));
              steps[0]++;
            }
            List<String> stepped = java.util.Arrays.asList(names);
            for (var entry : optimizers.entrySet()) {
              if (!stepped.contains(entry.getKey())) {
                entry.getValue().zeroGradients();
              }
            }
            return null;
          });
    }

    /** What the stage leaves to restart from, as the checkpoint store holds it. */
    private String kept() {
      AdversarialPosition latest =
          checkpoints.latest(position.key(), AdversarialPosition.class).orElse(null);
      if (latest == null) {
        return "No checkpoint of this stage exists: run again and it starts afresh.";
      }
      if (latest.epoch() == 0 && latest.iteration() == 0) {
        return "Only the checkpoint of the initial weights (before epoch 1) is kept.";
      }
      if (latest.iteration() == 0) {
        return "The checkpoint of the end of epoch " + latest.epoch() + " is kept.";
      }
      return "The checkpoint after iteration "
          + latest.iteration()
          + " of "
          + settings.iterationsPerEpoch()
          + " of epoch "
          + (latest.epoch() + 1)
          + " is kept.";
    }

    @Override
    public NDArray inputGradient(NDArray output, NDArray input) {
      return collector.inputGradient(
          output,
          input,
          parametersByPlayer.values().stream()
              .flatMap(List::stream)
              .map(Parameter::getArray)
              .toList());
    }

    @Override
    public <T> T withoutGradients(java.util.function.Supplier<T> work) {
      ThreadGradientCollector.disableOnThisThread();
      try {
        return work.get();
      } finally {
        ThreadGradientCollector.enableOnThisThread();
      }
    }
  }
}
