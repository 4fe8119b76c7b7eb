package dev.distillery.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The training meters of one stage (tags {@code pipeline}, {@code run.id}, {@code stage}), from
 * {@link RunMetrics#stage(String)}. Gauges appear on their first value; as Prometheus shows them:
 *
 * <ul>
 *   <li>{@code distillery_training_epoch}, {@code distillery_training_epochs}: current epoch (1
 *       based) and epochs planned
 *   <li>{@code distillery_training_steps_total}, {@code distillery_training_samples_total}:
 *       counters of optimisation steps and samples seen; {@code rate(..._samples_total[1m])} is the
 *       throughput as Prometheus measures it
 *   <li>{@code distillery_training_loss{component}}: latest loss per component ({@code ce}, {@code
 *       kd}, {@code total}, ...); NaN when training diverged
 *   <li>{@code distillery_training_accuracy_ratio{split}}: latest accuracy in [0, 1] per split
 *       ({@code train}, {@code validation}, {@code test})
 *   <li>{@code distillery_training_learning_rate}
 *   <li>{@code distillery_training_throughput_samples_per_second}: as measured by the trainer
 *   <li>{@code distillery_training_agreement_ratio{split}}: latest share of images on which the
 *       student's top-1 class is the teacher's, per split ({@code generated}, {@code test})
 *   <li>{@code distillery_training_player_learning_rate{player}}: learning rate per network of a
 *       stage that trains several ({@code student}, {@code generator}, ...)
 *   <li>{@code distillery_generation_class_coverage}: classes the teacher sees in a generator's
 *       probe images; {@code distillery_generation_collapses}: collapses detected so far
 *   <li>{@code distillery_generation_frechet_distance{generator}}: Fréchet distance of a
 *       generator's images to the test images, as an {@code evaluate-generators} stage measured it
 * </ul>
 */
public final class StageMeters {

  private final RunMetrics owner;
  private final Tags tags;
  private final Map<String, GaugeValue> scalars = new ConcurrentHashMap<>();
  private final Map<String, GaugeValue> losses = new ConcurrentHashMap<>();
  private final Map<String, GaugeValue> accuracies = new ConcurrentHashMap<>();
  private final Map<String, GaugeValue> agreements = new ConcurrentHashMap<>();
  private final Map<String, GaugeValue> playerRates = new ConcurrentHashMap<>();
  private final Map<String, GaugeValue> frechetDistances = new ConcurrentHashMap<>();
  private final Counter steps;
  private final Counter samples;

  StageMeters(RunMetrics owner, Tags tags) {
    this.owner = owner;
    this.tags = tags;
    this.steps =
        owner.counter(
            "distillery.training.steps", "Optimisation steps taken by the stage", "steps", tags);
    this.samples =
        owner.counter(
            "distillery.training.samples",
            "Training samples processed by the stage",
            "samples",
            tags);
  }

  /** The current epoch (1 based) of {@code epochs}. */
  public StageMeters epoch(int epoch, int epochs) {
    scalar("distillery.training.epoch", "Current training epoch, 1 based", "epoch").set(epoch);
    scalar("distillery.training.epochs", "Training epochs planned for the stage", "epochs")
        .set(epochs);
    return this;
  }

  /** Adds {@code n} optimisation steps. */
  public StageMeters steps(long n) {
    steps.increment(nonNegative("steps", n));
    return this;
  }

  /** Adds {@code n} processed samples. */
  public StageMeters samples(long n) {
    samples.increment(nonNegative("samples", n));
    return this;
  }

  /** The latest value of a loss component ({@code ce}, {@code kd}, {@code total}, ...). */
  public StageMeters loss(String component, double value) {
    requireNonNull(component, "component is null");
    losses
        .computeIfAbsent(
            component,
            name ->
                register(
                    "distillery.training.loss",
                    "Latest training loss, per component (NaN when training diverged)",
                    "loss",
                    tags.and("component", name)))
        .set(value);
    return this;
  }

  /**
   * The latest accuracy, a fraction in [0, 1], of a split ({@code train}, {@code validation}...).
   */
  public StageMeters accuracy(String split, double value) {
    requireNonNull(split, "split is null");
    accuracies
        .computeIfAbsent(
            split,
            name ->
                register(
                    "distillery.training.accuracy",
                    "Latest accuracy (fraction correct, 0 to 1), per data split",
                    "ratio",
                    tags.and("split", name)))
        .set(value);
    return this;
  }

  /** The latest share, in [0, 1], of a split's images on which student and teacher agree. */
  public StageMeters agreement(String split, double value) {
    requireNonNull(split, "split is null");
    agreements
        .computeIfAbsent(
            split,
            name ->
                register(
                    "distillery.training.agreement",
                    "Latest top-1 agreement of student and teacher (0 to 1), per data split",
                    "ratio",
                    tags.and("split", name)))
        .set(value);
    return this;
  }

  /** The learning rate of one of several networks a stage trains. */
  public StageMeters playerLearningRate(String player, double value) {
    requireNonNull(player, "player is null");
    playerRates
        .computeIfAbsent(
            player,
            name ->
                register(
                    "distillery.training.player.learning.rate",
                    "Learning rate in use, per network of a stage that trains several",
                    "rate",
                    tags.and("player", name)))
        .set(value);
    return this;
  }

  /** Classes the teacher sees in a generator's probe images. */
  public StageMeters classCoverage(double classes) {
    scalar(
            "distillery.generation.class.coverage",
            "Classes the teacher predicts in the generator's probe images",
            "classes")
        .set(classes);
    return this;
  }

  /** The Fréchet distance of {@code generator}'s (a stage's) images to the test images. */
  public StageMeters frechetDistance(String generator, double value) {
    requireNonNull(generator, "generator is null");
    frechetDistances
        .computeIfAbsent(
            generator,
            name ->
                register(
                    "distillery.generation.frechet.distance",
                    "Frechet distance of a generator's images to the test images, on a"
                        + " classifier's features (lower is closer)",
                    "distance",
                    tags.and("generator", name)))
        .set(value);
    return this;
  }

  /** Generator collapses detected so far. */
  public StageMeters collapses(double count) {
    scalar(
            "distillery.generation.collapses",
            "Generator collapses detected so far by the stage",
            "collapses")
        .set(count);
    return this;
  }

  /** The learning rate in use. */
  public StageMeters learningRate(double value) {
    scalar("distillery.training.learning.rate", "Learning rate in use", "rate").set(value);
    return this;
  }

  /** Training throughput as measured by the trainer, in samples per second. */
  public StageMeters throughput(double samplesPerSecond) {
    scalar(
            "distillery.training.throughput",
            "Training throughput measured by the trainer",
            "samples.per.second")
        .set(samplesPerSecond);
    return this;
  }

  private GaugeValue scalar(String name, String description, String baseUnit) {
    return scalars.computeIfAbsent(name, n -> register(n, description, baseUnit, tags));
  }

  private GaugeValue register(String name, String description, String baseUnit, Tags meterTags) {
    GaugeValue value = new GaugeValue();
    owner.gauge(name, description, baseUnit, meterTags, value, GaugeValue::get);
    return value;
  }

  private static double nonNegative(String what, long n) {
    if (n < 0) {
      throw new IllegalArgumentException(what + " must be added in non-negative amounts, got " + n);
    }
    return n;
  }
}
