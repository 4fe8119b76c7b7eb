package dev.distillery.factortransfer;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.distillery.features.FeatureStores;
import dev.distillery.features.TeacherOutputCache;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.ModelArtifact;
import dev.distillery.spi.Network;
import dev.distillery.spi.Preflight;
import dev.distillery.spi.StageChecks;
import dev.distillery.spi.StageContext;
import dev.distillery.spi.StagePlugin;
import dev.distillery.spi.StageResult;
import dev.distillery.spi.StageValidation;
import dev.distillery.spi.UserException;
import dev.distillery.training.Networks;
import dev.distillery.training.TeacherOutputSource;
import dev.distillery.training.TrainingLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code pretrain-paraphraser}: the first phase of Factor Transfer (Kim et al. NeurIPS 2018).
 * Trains a {@link Paraphraser} — an autoencoder that keeps the spatial size, with a factor of
 * round(C·k) channels — to rebuild the frozen teacher's feature map at {@code feature-point},
 * unsupervised, on the training images. The {@code ft} method of a later {@code distill} stage uses
 * its encoder's output as the teacher factor. Checkpointed and resumable like {@code train}.
 *
 * <pre>
 * paraphraser:
 *   uses: pretrain-paraphraser
 *   needs: [teacher]
 *   with: {teacher: teacher, feature-point: layer3, rate: 0.5}
 * </pre>
 */
public final class ParaphraserPretrainingStage implements StagePlugin<PretrainParaphraserOptions> {

  /** The parameter file the stage leaves in its directory. */
  static final String PARAMETERS = "paraphraser.params";

  @Override
  public String id() {
    return "pretrain-paraphraser";
  }

  @Override
  public String description() {
    return "Factor Transfer phase 1: trains a paraphraser (autoencoder) on a teacher feature map,"
        + " for the ft method";
  }

  @Override
  public Class<PretrainParaphraserOptions> optionsType() {
    return PretrainParaphraserOptions.class;
  }

  /** Trains from a seed: {@code repeats: N} trains N of them. */
  @Override
  public boolean repeatable() {
    return true;
  }

  @Override
  public void validate(PretrainParaphraserOptions options, StageValidation validation) {
    StageChecks.teacherStage(validation, "teacher", options.teacher());
    StageChecks.training(validation, options);
    if (options.featurePoint().isBlank()) {
      validation.error(
          "feature-point",
          "feature-point is blank; give a teacher feature map, e.g. feature-point: layer3");
    }
    if (!(options.rate() > 0) || options.rate().isInfinite()) {
      validation.error(
          "rate",
          "rate (the paraphrase rate k) must be a positive number, got "
              + options.rate()
              + "; e.g. rate: 0.5");
    }
    if (!PretrainParaphraserOptions.LOSSES.contains(options.loss())) {
      validation.error(
          "loss",
          "unknown reconstruction loss '"
              + options.loss()
              + "'; use one of "
              + PretrainParaphraserOptions.LOSSES
              + " (l1: the authors', mse: RepDistiller's)");
    }
  }

  /**
   * Builds the teacher: the feature point must be a feature map with at least one factor channel.
   */
  @Override
  public void preflight(PretrainParaphraserOptions options, Preflight preflight) {
    Optional<Preflight.ModelSpec> teacherModel = preflight.modelOf(options.teacher());
    if (teacherModel.isEmpty()) {
      return;
    }
    Network teacher = preflight.network(teacherModel.get(), null);
    try (NDManager probe = NDManager.newBaseManager()) {
      featureShape(options, teacher, probe);
    }
  }

  @Override
  public StageResult run(PretrainParaphraserOptions options, StageContext context) {
    ModelArtifact teacherModel = teacherArtifact(options, context);
    try (NDManager manager = NDManager.newBaseManager(context.device())) {
      Network teacher = context.loadModel(teacherModel, manager);
      teacher.block().freezeParameters(true);
      Shape shape = featureShape(options, teacher, manager);
      long factorChannels = Paraphraser.factorChannels(shape.get(0), options.rate());
      Paraphraser paraphraser = new Paraphraser(shape.get(0), factorChannels, options.batchNorm());
      Networks.initialize(
          paraphraser,
          new Shape(1, shape.get(0), shape.get(1), shape.get(2)),
          manager,
          context.seed());
      ReconstructionObjective objective =
          new ReconstructionObjective(
              teacher, options.featurePoint(), paraphraser, options.loss(), manager);
      String teacherOutputs = useTeacherCache(options, context, teacherModel, teacher, objective);
      TrainingLoop.Report report =
          new TrainingLoop(context, options.trainingSettings(), objective, manager).run();

      Path file = context.stageDirectory().resolve(PARAMETERS);
      Networks.saveBlock(paraphraser, file);
      ParaphraserArtifact artifact =
          new ParaphraserArtifact(
              context.runDirectory().relativize(file).toString(),
              options.teacher(),
              teacherModel.architecture(),
              teacherModel.parameters(),
              ParaphraserArtifact.digest(teacher.block()),
              options.featurePoint(),
              Arrays.stream(shape.getShape()).boxed().toList(),
              options.rate(),
              factorChannels,
              options.batchNorm(),
              options.loss());
      writeDescription(context, artifact);

      int batchSize = options.batchSize() * 2;
      Map<String, Double> summary = new LinkedHashMap<>();
      summary.put("epochs", (double) report.epochs());
      if (!Double.isNaN(report.lastEpochLoss())) {
        summary.put("train.last-epoch-loss", report.lastEpochLoss());
      }
      summary.put(
          "train.reconstruction-loss",
          objective.meanLoss(context.trainSplit(), manager, batchSize));
      double validation = objective.meanLoss(context.validationSplit(), manager, batchSize);
      if (!Double.isNaN(validation)) {
        summary.put("validation.reconstruction-loss", validation);
      }
      double test = objective.meanLoss(context.testSplit(), manager, batchSize);
      if (!Double.isNaN(test)) {
        summary.put("test.reconstruction-loss", test);
      }
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("loss", options.loss());
      record.putAll(summary);
      context.monitor().record("reconstruction", record);

      Map<String, Object> notes = new LinkedHashMap<>();
      notes.put(ParaphraserArtifact.RESULT_KEY, artifact.toMap());
      notes.put("teacher", options.teacher());
      notes.put(
          "teacher-outputs",
          objective.teacherCache().map(TeacherOutputSource::status).orElse(teacherOutputs));
      return new StageResult(summary, List.of(), notes);
    }
  }

  /**
   * Reads the teacher's feature from an {@code extract-features} store among the needed stages when
   * the batches are not augmented and the store holds this teacher's feature point on the training
   * split; returns how the teacher's outputs are obtained ({@code cached (stage X)} or {@code
   * computed: <reason>}).
   */
  private static String useTeacherCache(
      PretrainParaphraserOptions options,
      StageContext context,
      ModelArtifact teacherModel,
      Network teacher,
      ReconstructionObjective objective) {
    String status;
    if (options.augmentation().enabled()) {
      status =
          "computed: training batches are augmented; stored outputs are of un-augmented images";
    } else {
      FeatureStores.Lookup lookup = FeatureStores.find(context, teacherModel, "train");
      if (lookup.found().isEmpty()) {
        status = "computed: " + lookup.reason();
      } else if (!lookup.found().get().store().has(options.featurePoint())) {
        status =
            "computed: the store of stage '"
                + lookup.found().get().stage()
                + "' has no '"
                + options.featurePoint()
                + "' (it has "
                + lookup.found().get().store().points()
                + "); add it to that stage's features";
      } else {
        FeatureStores.Found found = lookup.found().get();
        objective.useTeacherCache(new TeacherOutputCache(found.store(), found.stage(), teacher));
        status = "cached (stage " + found.stage() + ")";
      }
    }
    context.monitor().record("teacher-outputs", Map.of("source", status));
    return status;
  }

  /**
   * The per-image shape (C, H, W) of the feature point, checked to be a usable feature map; the
   * probe runs in a sub-manager of {@code manager} (on the teacher's device).
   */
  private static Shape featureShape(
      PretrainParaphraserOptions options, Network teacher, NDManager manager) {
    int index = teacher.featurePoints().indexOf(options.featurePoint());
    if (index < 0) {
      throw new UserException(
          "feature-point '"
              + options.featurePoint()
              + "' is not a feature point of the teacher '"
              + teacher.architecture()
              + "'; its feature points are "
              + teacher.featurePoints());
    }
    Shape shape;
    try (NDManager probe = manager.newSubManager()) {
      NDList outputs =
          teacher
              .block()
              .forward(
                  new ParameterStore(probe, false),
                  new NDList(probe.zeros(teacher.input().batchShape(2))),
                  false);
      shape = outputs.get(index).getShape().slice(1);
    }
    if (shape.dimension() != 3) {
      throw new UserException(
          "feature-point '"
              + options.featurePoint()
              + "' of teacher '"
              + teacher.architecture()
              + "' has shape "
              + shape
              + ", but a paraphraser rebuilds feature maps (channels, height, width); choose a"
              + " convolutional feature point such as layer3 (resnets) or conv2 (lenet5)");
    }
    long factorChannels = Paraphraser.factorChannels(shape.get(0), options.rate());
    if (factorChannels < 1) {
      throw new UserException(
          "rate "
              + options.rate()
              + " gives round("
              + shape.get(0)
              + " × "
              + options.rate()
              + ") = "
              + factorChannels
              + " factor channels for feature-point '"
              + options.featurePoint()
              + "' "
              + shape
              + "; raise the rate so that the factor has at least one channel");
    }
    return shape;
  }

  private static ModelArtifact teacherArtifact(
      PretrainParaphraserOptions options, StageContext context) {
    StageResult result = context.inputs().get(options.teacher());
    if (result == null || result.models().isEmpty()) {
      throw new UserException(
          "stage '"
              + context.stageId()
              + "': teacher stage '"
              + options.teacher()
              + "' left no model; its result has "
              + (result == null ? "no entry" : result.models().size() + " models"));
    }
    return result.models().get(0);
  }

  private static void writeDescription(StageContext context, ParaphraserArtifact artifact) {
    try {
      OptionsMapper.mapper()
          .writerWithDefaultPrettyPrinter()
          .writeValue(context.stageDirectory().resolve("paraphraser.json").toFile(), artifact);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the paraphraser's description", e);
    }
  }
}
