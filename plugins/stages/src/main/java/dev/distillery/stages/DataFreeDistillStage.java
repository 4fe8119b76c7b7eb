package dev.distillery.stages;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.DataFreeRecipe;
import dev.distillery.spi.DataFreeRecipePlugin;
import dev.distillery.spi.DataFreeSetup;
import dev.distillery.spi.GeneratorNetwork;
import dev.distillery.spi.ImageShape;
import dev.distillery.spi.ModelArtifact;
import dev.distillery.spi.Network;
import dev.distillery.spi.Plugin;
import dev.distillery.spi.Preflight;
import dev.distillery.spi.StageChecks;
import dev.distillery.spi.StageContext;
import dev.distillery.spi.StageOptionProblems;
import dev.distillery.spi.StagePlugin;
import dev.distillery.spi.StageResult;
import dev.distillery.spi.StageValidation;
import dev.distillery.spi.UserException;
import dev.distillery.training.Networks;
import dev.distillery.training.adversarial.AdversarialLoop;
import dev.distillery.training.adversarial.AdversarialSettings;
import dev.distillery.training.adversarial.DataFreeMoves;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code data-free-distill}: trains a student from a teacher without a single training image. A
 * generator learns to make images from the teacher alone, and the student learns from the teacher's
 * outputs on them; how the two train is the {@code recipe} ({@code dafl}, {@code dfad}, or a
 * plugin). The stage gets no training or validation images from the engine ({@link
 * #readsTrainingImages()}); it measures the student on the test split for monitoring only.
 *
 * <pre>
 * student-dfad:
 *   uses: data-free-distill
 *   needs: [teacher]
 *   with:
 *     teacher: teacher
 *     student: lenet5-half
 *     recipe: {uses: dfad}
 *     generator: {model: dfad-generator, with: {width: 16}}
 *     epochs: 40
 *     iterations-per-epoch: 50
 * </pre>
 *
 * <p>Every epoch end looks at a fixed probe of generated images: how many classes the teacher sees
 * in them, the student's agreement with the teacher and the recipe's distance between them. Too few
 * classes, images that no longer differ, or a distance of about zero is a collapse, reported in the
 * log, metrics and report and, by default, undone: training goes back to the last healthy epoch end
 * and continues on other latent vectors. Image grids of the probe go to {@code images/}.
 */
public final class DataFreeDistillStage implements StagePlugin<DataFreeDistillOptions> {

  static final List<String> ON_COLLAPSE = List.of("restore", "warn", "stop");

  @Override
  public String id() {
    return "data-free-distill";
  }

  @Override
  public String description() {
    return "Distils a student with no training images: a generator learns images from the"
        + " teacher (recipes dafl, dfad, ...)";
  }

  @Override
  public Class<DataFreeDistillOptions> optionsType() {
    return DataFreeDistillOptions.class;
  }

  /** Trains from a seed: {@code repeats: N} trains N of them. */
  @Override
  public boolean repeatable() {
    return true;
  }

  @Override
  public boolean readsTrainingImages() {
    return false;
  }

  @Override
  public void validate(DataFreeDistillOptions options, StageValidation validation) {
    StageChecks.teacherStage(validation, "teacher", options.teacher());
    StageChecks.model(validation, "student", options.student());
    StageChecks.trainableModel(validation, "student", options.student());
    if (options.teacher() != null
        && validation
            .stageUses(options.teacher())
            .filter(ImportModelStage.ID::equals)
            .isPresent()) {
      validation.error(
          "teacher",
          "teacher stage '"
              + options.teacher()
              + "' imports a model from a file, which runs in inference only; data-free"
              + " distillation back-propagates through its teacher to train the generator: use a"
              + " teacher trained by Distillery (a `train` stage)");
    }
    DataFreeDistillOptions.RecipeChoice recipe = options.recipe();
    if (recipe == null || recipe.uses() == null) {
      validation.error(
          recipe == null ? "" : "recipe",
          "a data-free stage needs `recipe: {uses: <recipe>}`; available recipes: "
              + ids(validation.plugins().recipes()));
    } else if (validation.plugins().recipe(recipe.uses()).isEmpty()) {
      validation.error(
          "recipe/uses",
          "unknown data-free recipe '"
              + recipe.uses()
              + "'; available: "
              + ids(validation.plugins().recipes()));
    } else {
      validation.bindNested(
          "recipe/with", validation.plugins().recipe(recipe.uses()).get().optionsType());
    }
    DataFreeDistillOptions.GeneratorChoice generator = options.generator();
    if (generator != null) {
      if (generator.model() == null) {
        validation.error(
            "generator",
            "`generator` needs `model: <generator>`; available generators: "
                + ids(validation.plugins().generators()));
      } else if (validation.plugins().generator(generator.model()).isEmpty()) {
        validation.error(
            "generator/model",
            "unknown generator '"
                + generator.model()
                + "'; available: "
                + ids(validation.plugins().generators()));
      } else {
        validation.bindNested(
            "generator/with",
            validation.plugins().generator(generator.model()).get().optionsType());
      }
    }
    atLeastOne(validation, "epochs", options.epochs());
    atLeastOne(validation, "iterations-per-epoch", options.iterationsPerEpoch());
    StageChecks.batchSize(validation, options.batchSize());
    atLeastOne(validation, "probe-images", options.probeImages());
    atLeastOne(validation, "image-every", options.imageEvery());
    atLeastOne(validation, "evaluate-every", options.evaluateEvery());
    if (options.checkpointEveryIterations() < 0) {
      validation.error(
          "checkpoint-every-iterations",
          "checkpoint-every-iterations must be >= 0 (0: only at epoch ends), got "
              + options.checkpointEveryIterations());
    }
    DataFreeDistillOptions.CollapseOptions collapse = options.collapse();
    if (!ON_COLLAPSE.contains(collapse.onCollapse())) {
      validation.error(
          "collapse/on-collapse",
          "on-collapse is '" + collapse.onCollapse() + "'; choose one of " + ON_COLLAPSE);
    }
    if (collapse.maxRestores() < 0) {
      validation.error(
          "collapse/max-restores", "max-restores must be >= 0, got " + collapse.maxRestores());
    }
    if (collapse.minClasses() != null && collapse.minClasses() < 0) {
      validation.error(
          "collapse/min-classes", "min-classes must be >= 0, got " + collapse.minClasses());
    }
  }

  private static void atLeastOne(StageValidation validation, String option, int value) {
    if (value < 1) {
      validation.error(option, option + " must be at least 1, got " + value);
    }
  }

  private static String ids(java.util.Collection<? extends Plugin<?>> plugins) {
    return plugins.stream().map(Plugin::id).sorted().collect(Collectors.joining(", "));
  }

  @Override
  public Optional<Preflight.ModelSpec> producedModel(DataFreeDistillOptions options) {
    return Optional.of(new Preflight.ModelSpec(options.student(), options.studentOptions()));
  }

  /** Builds teacher, student and generator and creates the recipe: shapes and needs must fit. */
  @Override
  public void preflight(DataFreeDistillOptions options, Preflight preflight) {
    Optional<Preflight.ModelSpec> teacherModel = preflight.modelOf(options.teacher());
    if (teacherModel.isEmpty()) {
      return;
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      Network teacher = preflight.network(teacherModel.get(), manager);
      Network student =
          preflight.network(
              new Preflight.ModelSpec(options.student(), options.studentOptions()), manager);
      DataFreeRecipePlugin<?> recipe = recipePlugin(options, preflight.plugins());
      GeneratorNetwork generator;
      try {
        generator = generator(options, recipe, preflight.plugins(), teacher);
      } catch (UserException e) {
        throw new StageOptionProblems(
            List.of(new StageOptionProblems.Problem("/generator", e.getMessage())));
      }
      Networks.initialize(generator, manager, 0);
      try {
        createRecipe(
            recipe,
            options.recipe().with(),
            new DataFreeSetup(teacher, student, generator, manager));
      } catch (UserException e) {
        throw new StageOptionProblems(
            List.of(
                new StageOptionProblems.Problem(
                    "/recipe", "recipe '" + recipe.id() + "': " + e.getMessage())));
      }
    }
  }

  @Override
  public StageResult run(DataFreeDistillOptions options, StageContext context) {
    ModelArtifact teacherModel = teacherArtifact(options, context);
    DataFreeRecipePlugin<?> recipePlugin = recipePlugin(options, context.plugins());
    try (NDManager manager = NDManager.newBaseManager(context.device())) {
      Network teacher = context.loadModel(teacherModel, manager);
      teacher.block().freezeParameters(true);
      Network student =
          context.newNetwork(options.student(), options.studentOptions(), manager, context.seed());
      GeneratorNetwork generator = generator(options, recipePlugin, context.plugins(), teacher);
      Networks.initialize(generator, manager, context.seed() + 1);
      DataFreeRecipe recipe =
          createRecipe(
              recipePlugin,
              options.recipe().with(),
              new DataFreeSetup(teacher, student, generator, manager));
      AdversarialLoop.Player studentPlayer =
          new AdversarialLoop.Player(
              DataFreeMoves.STUDENT,
              List.of(student.block()),
              Optional.ofNullable(options.studentOptimizer())
                  .orElse(recipePlugin.defaultStudentOptimizer()),
              options.studentSchedule());
      AdversarialLoop.Player generatorPlayer =
          new AdversarialLoop.Player(
              DataFreeMoves.GENERATOR,
              List.of(generator.block()),
              Optional.ofNullable(options.generatorOptimizer())
                  .orElse(recipePlugin.defaultGeneratorOptimizer()),
              options.generatorSchedule());
      DataFreeDistillOptions.CollapseOptions collapse = options.collapse();
      AdversarialSettings settings =
          new AdversarialSettings(
              options.epochs(),
              options.iterationsPerEpoch(),
              options.checkpointEveryIterations(),
              AdversarialSettings.OnCollapse.valueOf(
                  collapse.onCollapse().toUpperCase(Locale.ROOT)),
              collapse.maxRestores());
      DataFreeProbe probe =
          new DataFreeProbe(context, options, teacher, student, generator, recipe, manager);
      probe.writeGrid(0);
      AdversarialLoop.Report report =
          new AdversarialLoop(context, settings, List.of(studentPlayer, generatorPlayer), manager)
              .run(
                  moves ->
                      recipe.iterate(
                          new DataFreeMoves(
                              moves, options.batchSize(), teacher, student, generator, manager)),
                  probe::judge);
      return result(
          options, context, teacher, student, generator, recipePlugin, report, probe, manager);
    }
  }

  private static StageResult result(
      DataFreeDistillOptions options,
      StageContext context,
      Network teacher,
      Network student,
      GeneratorNetwork generator,
      DataFreeRecipePlugin<?> recipe,
      AdversarialLoop.Report report,
      DataFreeProbe probe,
      NDManager manager) {
    java.nio.file.Path studentFile = context.stageDirectory().resolve("student.params");
    Networks.save(student, studentFile);
    java.nio.file.Path generatorFile = context.stageDirectory().resolve("generator.params");
    Networks.saveBlock(generator.block(), generatorFile);
    DataFreeProbe.Measures last = probe.measure(true);
    Map<String, Double> summary = new LinkedHashMap<>();
    summary.put("epochs", (double) report.epochs());
    report.lastMeanLosses().forEach((name, value) -> summary.put("loss." + name, value));
    summary.put("generated.class-coverage", (double) last.coverage());
    summary.put("generated.agreement", last.generatedAgreement());
    summary.put("test.agreement", last.testAgreement());
    summary.put("test.accuracy", last.testAccuracy());
    summary.put("collapses", (double) report.collapses().size());
    summary.put("restores", (double) report.restores());
    Map<String, Object> notes = new LinkedHashMap<>();
    notes.put("teacher", options.teacher());
    notes.put("recipe", recipe.id());
    notes.put(
        "generator",
        generator.architecture()
            + " "
            + generator.image()
            + ", latent "
            + generator.latentSize()
            + ", "
            + generator.multiplyAccumulates()
            + " MACs");
    notes.put("losses", List.of("data-free " + recipe.id()));
    notes.put(
        "data-seen",
        "no training or validation images (the engine gave this stage none); "
            + (long) options.epochs() * options.iterationsPerEpoch()
            + " iterations on generated images; the test split ("
            + context.testSplit().count()
            + " images) for evaluation only, never to choose a checkpoint");
    notes.put("images", probe.grids());
    notes.put("generator-parameters", context.runDirectory().relativize(generatorFile).toString());
    notes.put("collapses", report.collapses());
    ModelArtifact artifact =
        new ModelArtifact(
            "student",
            student.architecture(),
            options.studentOptions(),
            context.runDirectory().relativize(studentFile).toString(),
            context.stageId(),
            student.input(),
            context.dataset().classNames(),
            context.dataset().preprocessing());
    return new StageResult(summary, List.of(artifact), notes);
  }

  private static DataFreeRecipePlugin<?> recipePlugin(
      DataFreeDistillOptions options, dev.distillery.spi.PluginCatalog plugins) {
    return plugins.recipe(options.recipe().uses()).orElseThrow();
  }

  /** The generator, made for the teacher's input; other image shapes are refused. */
  static GeneratorNetwork generator(
      DataFreeDistillOptions options,
      DataFreeRecipePlugin<?> recipe,
      dev.distillery.spi.PluginCatalog plugins,
      Network teacher) {
    Preflight.ModelSpec model =
        options.generator() == null
            ? recipe.defaultGenerator()
            : new Preflight.ModelSpec(options.generator().model(), options.generator().with());
    ImageShape wanted = ImageShape.of(teacher.input());
    GeneratorNetwork generator =
        Networks.createGenerator(plugins, model.architecture(), model.options(), wanted);
    if (!generator.image().equals(wanted)) {
      throw new UserException(
          "generator '"
              + generator.architecture()
              + "' makes "
              + generator.image()
              + " images, but the teacher ('"
              + teacher.architecture()
              + "') takes "
              + wanted
              + " images; remove the generator's channels/size options or set them to the"
              + " teacher's input");
    }
    return generator;
  }

  private static <O> DataFreeRecipe createRecipe(
      DataFreeRecipePlugin<O> recipe, JsonNode options, DataFreeSetup setup) {
    try {
      return recipe.create(OptionsMapper.bind(options, recipe.optionsType()), setup);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UserException(
          "options of recipe '" + recipe.id() + "' are invalid: " + e.getOriginalMessage());
    }
  }

  private static ModelArtifact teacherArtifact(
      DataFreeDistillOptions options, StageContext context) {
    StageResult result = context.inputs().get(options.teacher());
    if (result == null || result.models().isEmpty()) {
      throw new UserException(
          "stage '"
              + context.stageId()
              + "': teacher stage '"
              + options.teacher()
              + "' left no model");
    }
    return result.models().get(0);
  }
}
