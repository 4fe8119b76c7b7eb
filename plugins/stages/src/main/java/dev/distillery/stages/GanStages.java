package dev.distillery.stages;

import ai.djl.ndarray.NDManager;
import dev.distillery.spi.ImageShape;
import dev.distillery.spi.ModelArtifact;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.Network;
import dev.distillery.spi.Plugin;
import dev.distillery.spi.Preflight;
import dev.distillery.spi.StageChecks;
import dev.distillery.spi.StageContext;
import dev.distillery.spi.StageOptionProblems;
import dev.distillery.spi.StageResult;
import dev.distillery.spi.StageValidation;
import dev.distillery.spi.UserException;
import dev.distillery.training.Networks;
import dev.distillery.training.adversarial.AdversarialLoop;
import dev.distillery.training.adversarial.AdversarialSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** What the GAN stages ({@code train-gan}, {@code distill-generator}) share. */
final class GanStages {

  /** Player names in the adversarial loop. */
  static final String GENERATOR = "generator";

  static final String DISCRIMINATOR = "discriminator";

  private GanStages() {}

  /** {@code option} names a generator plugin (and its options bind). */
  static void validateGenerator(
      StageValidation validation, String option, TrainGanOptions.ModelChoice choice) {
    if (choice.model() == null) {
      validation.error(
          option,
          "`"
              + option
              + "` needs `model: <generator>`; available: "
              + ids(validation.plugins().generators()));
    } else if (validation.plugins().generator(choice.model()).isEmpty()) {
      validation.error(
          option + "/model",
          "unknown generator '"
              + choice.model()
              + "'; available: "
              + ids(validation.plugins().generators()));
    } else {
      validation.bindNested(
          option + "/with", validation.plugins().generator(choice.model()).get().optionsType());
    }
  }

  /** {@code option} names a model plugin (and its options bind). */
  static void validateModel(
      StageValidation validation, String option, TrainGanOptions.ModelChoice choice) {
    if (choice.model() == null || validation.plugins().model(choice.model()).isEmpty()) {
      validation.error(
          option + (choice.model() == null ? "" : "/model"),
          (choice.model() == null
                  ? "`" + option + "` needs `model: <model>`"
                  : "unknown model '" + choice.model() + "'")
              + "; available: "
              + ids(validation.plugins().models()));
    } else {
      validation.bindNested(
          option + "/with", validation.plugins().model(choice.model()).get().optionsType());
    }
  }

  static void validateCollapse(
      StageValidation validation, TrainGanOptions.GanCollapseOptions collapse, String classifier) {
    if (!DataFreeDistillStage.ON_COLLAPSE.contains(collapse.onCollapse())) {
      validation.error(
          "collapse/on-collapse",
          "on-collapse is '"
              + collapse.onCollapse()
              + "'; choose one of "
              + DataFreeDistillStage.ON_COLLAPSE);
    }
    if (collapse.minClasses() != null && classifier == null) {
      validation.error(
          "collapse/min-classes",
          "min-classes needs a classifier to count classes: add `classifier: <stage>` (a stage"
              + " in needs whose model classifies the data, e.g. a `train` stage)");
    }
    if (collapse.maxRestores() < 0) {
      validation.error(
          "collapse/max-restores", "max-restores must be >= 0, got " + collapse.maxRestores());
    }
  }

  /** The options every generator-training stage has: classifier, collapse, loop sizes. */
  static void validateTraining(
      StageValidation validation,
      String classifier,
      TrainGanOptions.GanCollapseOptions collapse,
      int epochs,
      int iterationsPerEpoch,
      int batchSize,
      int probeImages,
      int imageEvery) {
    if (classifier != null) {
      StageChecks.modelStage(validation, "classifier", classifier);
    }
    validateCollapse(validation, collapse, classifier);
    atLeastOne(validation, "epochs", epochs);
    atLeastOne(validation, "iterations-per-epoch", iterationsPerEpoch);
    StageChecks.batchSize(validation, batchSize);
    atLeastOne(validation, "probe-images", probeImages);
    atLeastOne(validation, "image-every", imageEvery);
  }

  static void atLeastOne(StageValidation validation, String option, int value) {
    if (value < 1) {
      validation.error(option, option + " must be at least 1, got " + value);
    }
  }

  static String ids(java.util.Collection<? extends Plugin<?>> plugins) {
    return plugins.stream().map(Plugin::id).sorted().collect(Collectors.joining(", "));
  }

  /** The discriminator: a model of two classes (fake, real) for the data's images. */
  static Network discriminator(
      StageContext context, TrainGanOptions.ModelChoice choice, NDManager manager, long seed) {
    ModelInput data = context.dataset().input();
    Network network =
        Networks.create(
            context.plugins(),
            choice.model(),
            choice.with(),
            new ModelInput(data.channels(), data.height(), data.width(), 2));
    Networks.initialize(network, manager, seed);
    return network;
  }

  /** Why the discriminator cannot be built for the data's images, if it cannot (preflight). */
  static Optional<StageOptionProblems.Problem> discriminatorProblem(
      TrainGanOptions.ModelChoice choice, Preflight preflight) {
    try (NDManager manager = NDManager.newBaseManager()) {
      preflight.network(new Preflight.ModelSpec(choice.model(), choice.with()), manager);
      return Optional.empty();
    } catch (UserException e) {
      return Optional.of(new StageOptionProblems.Problem("/discriminator", e.getMessage()));
    }
  }

  /** The classifier of a needed stage, frozen, or empty. */
  static Optional<Network> classifier(String stage, StageContext context, NDManager manager) {
    if (stage == null) {
      return Optional.empty();
    }
    StageResult result = context.inputs().get(stage);
    if (result == null || result.models().isEmpty()) {
      throw new UserException(
          "stage '" + context.stageId() + "': classifier stage '" + stage + "' left no model");
    }
    ModelArtifact artifact = result.models().get(0);
    Network network = context.loadModel(artifact, manager);
    network.block().freezeParameters(true);
    return Optional.of(network);
  }

  static AdversarialSettings settings(
      int epochs, int iterations, TrainGanOptions.GanCollapseOptions collapse) {
    return new AdversarialSettings(
        epochs,
        iterations,
        0,
        AdversarialSettings.OnCollapse.valueOf(collapse.onCollapse().toUpperCase(Locale.ROOT)),
        collapse.maxRestores());
  }

  /**
   * The epoch-end check of a GAN stage: the classifier's view of the probe (coverage, confidence),
   * an image grid every {@code imageEvery} epochs, and collapse when coverage falls below {@code
   * min-classes} or a non-saturating discriminator's mean loss falls to about zero.
   */
  static AdversarialLoop.EpochEnd epochEnd(
      StageContext context,
      GanProbe probe,
      Optional<Network> classifier,
      TrainGanOptions.GanCollapseOptions collapse,
      String discriminatorLoss,
      int epochs,
      int imageEvery) {
    return (epoch, means) -> {
      if (epoch == epochs || epoch % imageEvery == 0) {
        probe.writeGrid(grid(context, epoch));
      }
      Map<String, Object> record = new LinkedHashMap<>();
      String reason = null;
      if (classifier.isPresent()) {
        GanProbe.View view = probe.view(classifier.get());
        record.put("generated_class_coverage", view.coverage());
        record.put("generated_confidence", view.confidence());
        context
            .monitor()
            .progress(
                "epoch " + epoch + "/" + epochs,
                1,
                1,
                Map.of(
                    "coverage.classes",
                    (double) view.coverage(),
                    "confidence.generated",
                    view.confidence()));
        int classes = classifier.get().input().classes();
        int minClasses = collapse.minClasses() != null ? collapse.minClasses() : (classes + 1) / 2;
        if (view.coverage() < minClasses) {
          reason =
              "the classifier sees "
                  + view.coverage()
                  + " of "
                  + classes
                  + " classes in the generated probe (min-classes "
                  + minClasses
                  + "): mode collapse";
        }
      }
      Double loss = discriminatorLoss == null ? null : means.get(discriminatorLoss);
      if (reason == null && loss != null && loss < collapse.minDiscriminatorLoss()) {
        reason =
            String.format(
                Locale.ROOT,
                "the discriminator's mean loss fell to %.3g (min-discriminator-loss %.3g): it"
                    + " tells every generated image from a real one",
                loss,
                collapse.minDiscriminatorLoss());
      }
      return reason == null
          ? AdversarialLoop.Verdict.healthy(record)
          : new AdversarialLoop.Verdict(true, reason, record);
    };
  }

  /**
   * The result of a stage that trained a generator: epochs, the last epoch's mean loss terms, the
   * generator's size, the stage's own {@code figures}, the classifier's view of it, collapses; the
   * generator artifact, the image grids and {@code notes} in the report.
   */
  static StageResult result(
      StageContext context,
      AdversarialLoop.Report report,
      GeneratorArtifact artifact,
      GanProbe probe,
      Optional<Network> classifier,
      Map<String, Double> figures,
      Map<String, Object> notes) {
    Map<String, Double> summary = new LinkedHashMap<>();
    summary.put("epochs", (double) report.epochs());
    report.lastMeanLosses().forEach((name, value) -> summary.put("loss." + name, value));
    summary.put("generator.parameters", (double) artifact.parameterCount());
    summary.putAll(figures);
    classifier.ifPresent(
        c -> {
          GanProbe.View view = probe.view(c);
          summary.put("generated.class-coverage", (double) view.coverage());
          summary.put("generated.confidence", view.confidence());
        });
    summary.put("collapses", (double) report.collapses().size());
    Map<String, Object> reportNotes = new LinkedHashMap<>();
    reportNotes.put(GeneratorArtifact.KEY, artifact.asReport());
    reportNotes.putAll(notes);
    reportNotes.put("images", grids(context));
    reportNotes.put("collapses", report.collapses());
    return new StageResult(summary, List.of(), reportNotes);
  }

  static Path grid(StageContext context, int epoch) {
    return context
        .stageDirectory()
        .resolve("images")
        .resolve(String.format("epoch-%04d.png", epoch));
  }

  /** The image shape of the data. */
  static ImageShape dataImage(StageContext context) {
    return ImageShape.of(context.dataset().input());
  }

  /** Grid files written so far, relative to the run directory. */
  static List<String> grids(StageContext context) {
    Path images = context.stageDirectory().resolve("images");
    if (!java.nio.file.Files.isDirectory(images)) {
      return List.of();
    }
    try (var files = java.nio.file.Files.list(images)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".png"))
          .sorted()
          .map(p -> context.runDirectory().relativize(p).toString())
          .toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
