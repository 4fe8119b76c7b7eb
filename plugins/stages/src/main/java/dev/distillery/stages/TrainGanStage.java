package dev.distillery.stages;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.distillery.spi.GeneratorNetwork;
import dev.distillery.spi.Network;
import dev.distillery.spi.Preflight;
import dev.distillery.spi.StageContext;
import dev.distillery.spi.StageOptionProblems;
import dev.distillery.spi.StagePlugin;
import dev.distillery.spi.StageResult;
import dev.distillery.spi.StageValidation;
import dev.distillery.spi.UserException;
import dev.distillery.training.LiveParameterStore;
import dev.distillery.training.Networks;
import dev.distillery.training.adversarial.AdversarialLoop;
import dev.distillery.training.schedule.ScheduleOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code train-gan}: trains a generator against a discriminator on the training images — DCGAN's
 * non-saturating loss, or WGAN-GP ({@link GanLosses}). The real images are mapped to the
 * generator's [-1, 1] by the training split's value range ({@link PixelRange}), which the stage
 * leaves with the generator for the stages that distil or measure it.
 *
 * <pre>
 * teacher-gan:
 *   uses: train-gan
 *   needs: [classifier]
 *   with:
 *     generator: {model: dcgan-generator, with: {width: 32}}
 *     discriminator: {model: dcgan-discriminator, with: {width: 32}}
 *     loss: {type: non-saturating}
 *     classifier: classifier      # watches class coverage of the generated images
 * </pre>
 */
public final class TrainGanStage implements StagePlugin<TrainGanOptions> {

  @Override
  public String id() {
    return "train-gan";
  }

  @Override
  public String description() {
    return "Trains a generator against a discriminator on the training images (DCGAN, WGAN-GP)";
  }

  @Override
  public Class<TrainGanOptions> optionsType() {
    return TrainGanOptions.class;
  }

  /** Trains from a seed: {@code repeats: N} trains N of them. */
  @Override
  public boolean repeatable() {
    return true;
  }

  @Override
  public void validate(TrainGanOptions options, StageValidation validation) {
    GanStages.validateGenerator(validation, "generator", options.generator());
    GanStages.validateModel(validation, "discriminator", options.discriminator());
    if (!TrainGanOptions.GanLossOptions.TYPES.contains(options.loss().type())) {
      validation.error(
          "loss/type",
          "loss type is '"
              + options.loss().type()
              + "'; choose one of "
              + TrainGanOptions.GanLossOptions.TYPES);
    }
    GanStages.atLeastOne(validation, "loss/critic-steps", options.loss().criticSteps());
    if (options.loss().gradientPenalty() < 0) {
      validation.error(
          "loss/gradient-penalty",
          "gradient-penalty must be >= 0, got " + options.loss().gradientPenalty());
    }
    if (options.loss().wasserstein()
        && (options.discriminator().with() == null
            || options.discriminator().with().path("batch-norm").asBoolean(true))
        && "dcgan-discriminator".equals(options.discriminator().model())) {
      validation.error(
          "discriminator",
          "wgan-gp penalises each image's gradient, which batch norm mixes across the batch: use"
              + " `discriminator: {model: dcgan-discriminator, with: {batch-norm: false}}`");
    }
    GanStages.validateTraining(
        validation,
        options.classifier(),
        options.collapse(),
        options.epochs(),
        options.iterationsPerEpoch(),
        options.batchSize(),
        options.probeImages(),
        options.imageEvery());
  }

  @Override
  public Optional<Preflight.ModelSpec> producedGenerator(
      TrainGanOptions options, Preflight preflight) {
    return Optional.of(
        new Preflight.ModelSpec(options.generator().model(), options.generator().with()));
  }

  @Override
  public void preflight(TrainGanOptions options, Preflight preflight) {
    List<StageOptionProblems.Problem> problems = new java.util.ArrayList<>();
    try {
      preflight.generator(producedGenerator(options, preflight).orElseThrow());
    } catch (UserException e) {
      problems.add(new StageOptionProblems.Problem("/generator", e.getMessage()));
    }
    GanStages.discriminatorProblem(options.discriminator(), preflight).ifPresent(problems::add);
    if (!problems.isEmpty()) {
      throw new StageOptionProblems(problems);
    }
  }

  @Override
  public StageResult run(TrainGanOptions options, StageContext context) {
    try (NDManager manager = NDManager.newBaseManager(context.device())) {
      PixelRange range = PixelRange.of(context.trainSplit());
      GeneratorNetwork generator =
          Networks.createGenerator(
              context.plugins(),
              options.generator().model(),
              options.generator().with(),
              GanStages.dataImage(context));
      Networks.initialize(generator, manager, context.seed());
      Network discriminator =
          GanStages.discriminator(context, options.discriminator(), manager, context.seed() + 1);
      Optional<Network> classifier = GanStages.classifier(options.classifier(), context, manager);
      RealBatches real = new RealBatches(context.trainSplit(), context.seed(), options.batchSize());
      GanProbe probe =
          new GanProbe(generator, range, manager, context.seed(), options.probeImages());
      probe.writeGrid(GanStages.grid(context, 0));
      ScheduleOptions constant = new ScheduleOptions.Constant(null);
      AdversarialLoop loop =
          new AdversarialLoop(
              context,
              GanStages.settings(
                  options.epochs(), options.iterationsPerEpoch(), options.collapse()),
              List.of(
                  new AdversarialLoop.Player(
                      GanStages.GENERATOR,
                      List.of(generator.block()),
                      options.generatorOptimizer(),
                      constant),
                  new AdversarialLoop.Player(
                      GanStages.DISCRIMINATOR,
                      List.of(discriminator.block()),
                      options.discriminatorOptimizer(),
                      constant)),
              manager);
      GanRound round =
          new GanRound(
              generator, discriminator, real, range, options.loss(), options.batchSize(), manager);
      AdversarialLoop.Report report =
          loop.run(
              round,
              GanStages.epochEnd(
                  context,
                  probe,
                  classifier,
                  options.collapse(),
                  options.loss().wasserstein() ? null : "discriminator.loss",
                  options.epochs(),
                  options.imageEvery()));
      GeneratorArtifact artifact =
          GeneratorArtifact.save(
              context, generator, options.generator().with(), range, "generator");
      Networks.save(discriminator, context.stageDirectory().resolve("discriminator.params"));
      return GanStages.result(
          context,
          report,
          artifact,
          probe,
          classifier,
          Map.of(),
          Map.of("training", "adversarial (" + options.loss().type() + ")"));
    }
  }

  /** One generator step after {@code critic-steps} discriminator steps. */
  static final class GanRound implements AdversarialLoop.Round {

    private final GeneratorNetwork generator;
    private final Network discriminator;
    private final RealBatches real;
    private final PixelRange range;
    private final TrainGanOptions.GanLossOptions loss;
    private final int batchSize;
    private final ParameterStore parameters;

    GanRound(
        GeneratorNetwork generator,
        Network discriminator,
        RealBatches real,
        PixelRange range,
        TrainGanOptions.GanLossOptions loss,
        int batchSize,
        NDManager manager) {
      this.generator = generator;
      this.discriminator = discriminator;
      this.real = real;
      this.range = range;
      this.loss = loss;
      this.batchSize = batchSize;
      this.parameters = new LiveParameterStore(manager);
    }

    private NDArray generate(NDArray z) {
      return generator.block().forward(parameters, new NDList(z), true).head();
    }

    private NDArray score(NDArray images) {
      return GanLosses.score(
          discriminator.logits(
              discriminator.block().forward(parameters, new NDList(images), true)));
    }

    @Override
    public Map<String, NDArray> play(AdversarialLoop.Moves moves) {
      NDArray discriminatorSum = null;
      NDArray penaltySum = null;
      for (int k = 0; k < loss.criticSteps(); k++) {
        NDArray realImages =
            range.toGenerator(
                real.batch(moves.manager(), moves.iteration() * loss.criticSteps() + k));
        NDArray z = moves.latent(batchSize, generator.latentSize());
        NDArray fake = moves.withoutGradients(() -> generate(z));
        NDArray realScores = score(realImages);
        NDArray fakeScores = score(fake);
        NDArray value;
        if (loss.wasserstein()) {
          NDArray epsilon = moves.uniform(batchSize, 1).reshape(batchSize, 1, 1, 1);
          NDArray mixed =
              realImages.mul(epsilon).add(fake.mul(epsilon.neg().add(1f))).stopGradient();
          mixed.setRequiresGradient(true);
          NDArray gradients = moves.inputGradient(score(mixed).sum(), mixed);
          NDArray penalty = GanLosses.gradientPenalty(gradients, loss.gradientPenalty());
          value = GanLosses.wassersteinCritic(realScores, fakeScores).add(penalty);
          penaltySum =
              penaltySum == null ? penalty.stopGradient() : penaltySum.add(penalty.stopGradient());
        } else {
          value = GanLosses.nonSaturatingDiscriminator(realScores, fakeScores);
        }
        moves.minimise(value, GanStages.DISCRIMINATOR);
        discriminatorSum =
            discriminatorSum == null
                ? value.stopGradient()
                : discriminatorSum.add(value.stopGradient());
      }
      NDArray fakeScores = score(generate(moves.latent(batchSize, generator.latentSize())));
      NDArray generatorLoss =
          loss.wasserstein()
              ? GanLosses.wassersteinGenerator(fakeScores)
              : GanLosses.nonSaturatingGenerator(fakeScores);
      moves.minimise(generatorLoss, GanStages.GENERATOR);
      Map<String, NDArray> losses = new LinkedHashMap<>();
      losses.put(
          "discriminator.loss",
          dev.distillery.spi.Scalars.divided(discriminatorSum, loss.criticSteps()));
      if (penaltySum != null) {
        losses.put(
            "discriminator.gradient-penalty",
            dev.distillery.spi.Scalars.divided(penaltySum, loss.criticSteps()));
      }
      losses.put("generator.loss", generatorLoss);
      return losses;
    }
  }
}
