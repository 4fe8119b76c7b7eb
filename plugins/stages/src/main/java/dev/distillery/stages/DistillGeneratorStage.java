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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code distill-generator}: compresses a trained generator into a smaller one (Aguinaldo et al.
 * 2019, "Compressing GANs using Knowledge Distillation"). The student learns the teacher's output
 * on the same latent vectors; with {@code alpha > 0}, also to fool a discriminator trained on the
 * real images — the paper's joint objective, implemented as written there:
 *
 * <pre>
 * min_θ max_w  E_x[log D_w(x)] + E_z[ α · log(1 − D_w(G_θ(z))) + (1 − α) · ‖G_T(z) − G_θ(z)‖² ]
 *
 * discriminator:  L_D = mean softplus(−s(x)) + α · mean softplus(s(G_θ(z)))   (its ascent as descent)
 * student:        L_S = −α · mean softplus(s(G_θ(z))) + (1 − α) · MSE(G_θ(z), G_T(z))
 * </pre>
 *
 * with {@code s} the discriminator's score ({@code log D − log(1 − D)}, {@link GanLosses}) and MSE
 * the mean over pixels ({@code nn.MSELoss}) in the generators' [-1, 1]. With α = 0 it is the
 * paper's MSE loss and uses no real image.
 */
public final class DistillGeneratorStage implements StagePlugin<DistillGeneratorOptions> {

  static final Set<String> GENERATOR_STAGES = Set.of("train-gan", "distill-generator");

  @Override
  public String id() {
    return "distill-generator";
  }

  @Override
  public String description() {
    return "Distils a trained generator into a smaller one on the same latent vectors (MSE, or"
        + " joint with a discriminator)";
  }

  @Override
  public Class<DistillGeneratorOptions> optionsType() {
    return DistillGeneratorOptions.class;
  }

  /** Trains from a seed: {@code repeats: N} trains N of them. */
  @Override
  public boolean repeatable() {
    return true;
  }

  @Override
  public void validate(DistillGeneratorOptions options, StageValidation validation) {
    if (options.teacher() == null) {
      validation.error("teacher", "`teacher` is required: the stage whose generator teaches");
    } else if (!validation.needs().contains(options.teacher())) {
      validation.error(
          "teacher",
          "teacher stage '"
              + options.teacher()
              + "' must be listed in `needs` of stage '"
              + validation.stageId()
              + "' (needs: "
              + validation.needs()
              + ")");
    } else {
      validation
          .stageUses(options.teacher())
          .filter(uses -> !GENERATOR_STAGES.contains(uses))
          .ifPresent(
              uses ->
                  validation.error(
                      "teacher",
                      "teacher stage '"
                          + options.teacher()
                          + "' uses '"
                          + uses
                          + "', which leaves no generator; use a stage that uses one of "
                          + GENERATOR_STAGES));
    }
    if (options.student().model() != null) {
      GanStages.validateGenerator(validation, "student", options.student());
    }
    if (options.alpha() < 0 || options.alpha() > 1) {
      validation.error("alpha", "alpha must be in [0, 1], got " + options.alpha());
    }
    if (options.alpha() > 0) {
      GanStages.validateModel(validation, "discriminator", options.discriminator());
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

  /** Why the student cannot learn the teacher's images, if it cannot. */
  static Optional<String> mismatch(
      GeneratorNetwork student, String teacherStage, GeneratorNetwork teacher) {
    if (student.image().equals(teacher.image()) && student.latentSize() == teacher.latentSize()) {
      return Optional.empty();
    }
    return Optional.of(
        "the student generator '"
            + student.architecture()
            + "' makes "
            + student.image()
            + " images from "
            + student.latentSize()
            + " latent values, the teacher (stage '"
            + teacherStage
            + "', '"
            + teacher.architecture()
            + "') makes "
            + teacher.image()
            + " images from "
            + teacher.latentSize()
            + "; give the student the teacher's image size and latent size");
  }

  @Override
  public Optional<Preflight.ModelSpec> producedGenerator(
      DistillGeneratorOptions options, Preflight preflight) {
    if (options.student().model() != null) {
      return Optional.of(
          new Preflight.ModelSpec(options.student().model(), options.student().with()));
    }
    return preflight
        .generatorOf(options.teacher())
        .map(teacher -> new Preflight.ModelSpec(teacher.architecture(), options.student().with()));
  }

  @Override
  public void preflight(DistillGeneratorOptions options, Preflight preflight) {
    Optional<Preflight.ModelSpec> teacherSpec = preflight.generatorOf(options.teacher());
    if (teacherSpec.isEmpty()) {
      return;
    }
    GeneratorNetwork teacher;
    try {
      teacher = preflight.generator(teacherSpec.get());
    } catch (UserException e) {
      return; // the teacher's own stage reports it
    }
    List<StageOptionProblems.Problem> problems = new ArrayList<>();
    try {
      GeneratorNetwork student =
          preflight.generator(producedGenerator(options, preflight).orElseThrow());
      mismatch(student, options.teacher(), teacher)
          .ifPresent(problem -> problems.add(new StageOptionProblems.Problem("/student", problem)));
    } catch (UserException e) {
      problems.add(new StageOptionProblems.Problem("/student", e.getMessage()));
    }
    if (options.alpha() > 0) {
      GanStages.discriminatorProblem(options.discriminator(), preflight).ifPresent(problems::add);
    }
    if (!problems.isEmpty()) {
      throw new StageOptionProblems(problems);
    }
  }

  @Override
  public StageResult run(DistillGeneratorOptions options, StageContext context) {
    GeneratorArtifact teacherArtifact =
        GeneratorArtifact.of(options.teacher(), context.inputs().get(options.teacher()));
    boolean joint = options.alpha() > 0;
    try (NDManager manager = NDManager.newBaseManager(context.device())) {
      GeneratorNetwork teacher =
          teacherArtifact.load(context, manager, GanStages.dataImage(context));
      teacher.block().freezeParameters(true);
      String architecture =
          options.student().model() == null
              ? teacherArtifact.architecture()
              : options.student().model();
      GeneratorNetwork student =
          Networks.createGenerator(
              context.plugins(),
              architecture,
              options.student().with(),
              GanStages.dataImage(context));
      mismatch(student, options.teacher(), teacher)
          .ifPresent(
              problem -> {
                throw new UserException("stage '" + context.stageId() + "': " + problem);
              });
      Networks.initialize(student, manager, context.seed());
      PixelRange range = teacherArtifact.range();
      Optional<Network> classifier = GanStages.classifier(options.classifier(), context, manager);
      ScheduleOptions constant = new ScheduleOptions.Constant(null);
      List<AdversarialLoop.Player> players = new ArrayList<>();
      players.add(
          new AdversarialLoop.Player(
              GanStages.GENERATOR, List.of(student.block()), options.studentOptimizer(), constant));
      Network discriminator = null;
      RealBatches real = null;
      if (joint) {
        discriminator =
            GanStages.discriminator(context, options.discriminator(), manager, context.seed() + 1);
        players.add(
            new AdversarialLoop.Player(
                GanStages.DISCRIMINATOR,
                List.of(discriminator.block()),
                options.discriminatorOptimizer(),
                constant));
        real = new RealBatches(context.trainSplit(), context.seed(), options.batchSize());
      }
      GanProbe probe = new GanProbe(student, range, manager, context.seed(), options.probeImages());
      probe.writeGrid(GanStages.grid(context, 0));
      AdversarialLoop.Report report =
          new AdversarialLoop(
                  context,
                  GanStages.settings(
                      options.epochs(), options.iterationsPerEpoch(), options.collapse()),
                  players,
                  manager)
              .run(
                  new DistillationRound(
                      teacher, student, discriminator, real, range, options, manager),
                  GanStages.epochEnd(
                      context,
                      probe,
                      classifier,
                      options.collapse(),
                      joint ? "discriminator.loss" : null,
                      options.epochs(),
                      options.imageEvery()));
      GeneratorArtifact artifact =
          GeneratorArtifact.save(context, student, options.student().with(), range, "generator");
      return GanStages.result(
          context,
          report,
          artifact,
          probe,
          classifier,
          Map.of("teacher.parameters", (double) teacherArtifact.parameterCount()),
          Map.of(
              "training",
              "distilled from "
                  + options.teacher()
                  + (joint ? " (joint, α " + options.alpha() + ")" : " (MSE)"),
              "teacher",
              options.teacher()));
    }
  }

  /** One student step, after one discriminator step in the joint variant. */
  static final class DistillationRound implements AdversarialLoop.Round {

    private final GeneratorNetwork teacher;
    private final GeneratorNetwork student;
    private final Network discriminator;
    private final RealBatches real;
    private final PixelRange range;
    private final double alpha;
    private final int batchSize;
    private final ParameterStore parameters;

    DistillationRound(
        GeneratorNetwork teacher,
        GeneratorNetwork student,
        Network discriminator,
        RealBatches real,
        PixelRange range,
        DistillGeneratorOptions options,
        NDManager manager) {
      this.teacher = teacher;
      this.student = student;
      this.discriminator = discriminator;
      this.real = real;
      this.range = range;
      this.alpha = options.alpha();
      this.batchSize = options.batchSize();
      this.parameters = new LiveParameterStore(manager);
    }

    private NDArray score(NDArray images) {
      return GanLosses.score(
          discriminator.logits(
              discriminator.block().forward(parameters, new NDList(images), true)));
    }

    private NDArray generate(GeneratorNetwork generator, NDArray z, boolean training) {
      return generator.block().forward(parameters, new NDList(z), training).head();
    }

    @Override
    public Map<String, NDArray> play(AdversarialLoop.Moves moves) {
      Map<String, NDArray> losses = new LinkedHashMap<>();
      if (discriminator != null) {
        NDArray realImages = range.toGenerator(real.batch(moves.manager(), moves.iteration()));
        NDArray z = moves.latent(batchSize, student.latentSize());
        NDArray fake = moves.withoutGradients(() -> generate(student, z, true));
        NDArray discriminatorLoss =
            GanLosses.jointDiscriminator(score(realImages), score(fake), alpha);
        moves.minimise(discriminatorLoss, GanStages.DISCRIMINATOR);
        losses.put("discriminator.loss", discriminatorLoss);
      }
      NDArray z = moves.latent(batchSize, student.latentSize());
      NDArray target = moves.withoutGradients(() -> generate(teacher, z, false));
      NDArray images = generate(student, z, true);
      NDArray mse = GanLosses.meanSquaredError(images, target);
      NDArray studentLoss = mse;
      if (discriminator != null) {
        NDArray adversarial = GanLosses.jointAdversarial(score(images));
        studentLoss = GanLosses.jointStudent(adversarial, mse, alpha);
        losses.put("student.adversarial", adversarial);
      }
      moves.minimise(studentLoss, GanStages.GENERATOR);
      losses.put("student.mse", mse);
      return losses;
    }
  }
}
