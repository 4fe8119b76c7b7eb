package dev.distillery.stages;

import ai.djl.ndarray.NDManager;
import dev.distillery.spi.Network;
import dev.distillery.spi.Preflight;
import dev.distillery.spi.StageChecks;
import dev.distillery.spi.StageContext;
import dev.distillery.spi.StageOptionProblems;
import dev.distillery.spi.StagePlugin;
import dev.distillery.spi.StageResult;
import dev.distillery.spi.StageValidation;
import dev.distillery.training.ClassificationObjective;
import dev.distillery.training.TrainingLoop;
import dev.distillery.training.TransferSetContext;
import dev.distillery.training.data.TransferSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code train}: trains a model from the labels with cross-entropy — a teacher, or a student
 * without a teacher as the baseline a distilled student must beat. With {@code transfer-set} it
 * trains on part of the training split only (some classes left out, a seeded share of each class);
 * the result's {@code training-images} entry says how many images of each class it trained on.
 *
 * <pre>
 * teacher:
 *   uses: train
 *   with: {model: lenet5, epochs: 20, optimizer: {type: sgd, lr: 0.05}}
 * </pre>
 */
public final class TrainStage implements StagePlugin<TrainOptions> {

  @Override
  public String id() {
    return "train";
  }

  @Override
  public String description() {
    return "Trains a model from the labels (cross-entropy): teachers and students-alone baselines";
  }

  @Override
  public Class<TrainOptions> optionsType() {
    return TrainOptions.class;
  }

  /** Trains from a seed: {@code repeats: N} trains N of them. */
  @Override
  public boolean repeatable() {
    return true;
  }

  @Override
  public void validate(TrainOptions options, StageValidation validation) {
    StageChecks.model(validation, "model", options.model());
    StageChecks.trainableModel(validation, "model", options.model());
    StageChecks.training(validation, options);
    InitialWeights.validate(validation, options.initFrom());
    StageChecks.transferSet(validation, options.transferSet());
  }

  /**
   * Builds the model (so that bad model options are reported at {@code model-options} before
   * anything runs) and checks the transfer set against the dataset's classes and training images.
   */
  @Override
  public void preflight(TrainOptions options, Preflight preflight) {
    List<StageOptionProblems.Problem> problems = new ArrayList<>();
    StageChecks.buildable(
        preflight, options.model(), options.modelOptions(), "model", "model-options", problems);
    StageChecks.transferSet(preflight, options.transferSet(), problems);
    if (!problems.isEmpty()) {
      throw new StageOptionProblems(problems);
    }
  }

  @Override
  public Optional<Preflight.ModelSpec> producedModel(TrainOptions options) {
    return Optional.of(new Preflight.ModelSpec(options.model(), options.modelOptions()));
  }

  @Override
  public StageResult run(TrainOptions options, StageContext stageContext) {
    TransferSet transferSet = TransferSetContext.select(stageContext, options.transferSet());
    StageContext context = TransferSetContext.of(stageContext, transferSet);
    try (NDManager manager = NDManager.newBaseManager(context.device())) {
      Network network =
          context.newNetwork(options.model(), options.modelOptions(), manager, context.seed());
      InitialWeights.apply(context, options.initFrom(), network, manager);
      ClassificationObjective objective = new ClassificationObjective(network, manager);
      TrainingLoop.Report report =
          new TrainingLoop(context, options.trainingSettings(), objective, manager).run();
      return TrainedModelOutput.save(
          context,
          "model",
          network,
          options.modelOptions(),
          report,
          objective::predict,
          manager,
          Map.of(TransferSet.REPORT_ENTRY, transferSet.reportEntry()));
    }
  }
}
