package dev.distillery.spi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.training.TrainingOptions;
import dev.distillery.training.data.TransferSet;
import dev.distillery.training.data.TransferSetOptions;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Validation shared by the stage plugins. */
public final class StageChecks {

  /** Stage plugins that leave a model trained by Distillery (a starting point for training). */
  public static final Set<String> TRAINED_MODEL_STAGES =
      Set.of("train", "distill", "data-free-distill");

  /** Stage plugins that leave a model: trained ones, and models imported from files. */
  public static final Set<String> MODEL_STAGES =
      Set.of("train", "distill", "data-free-distill", "import-model");

  private StageChecks() {}

  public static void model(StageValidation validation, String option, String modelId) {
    if (modelId == null) {
      validation.error(
          option,
          "`" + option + "` is required; available models: " + ids(validation.plugins().models()));
    } else if (validation.plugins().model(modelId).isEmpty()) {
      validation.error(
          option,
          "unknown model '" + modelId + "'; available: " + ids(validation.plugins().models()));
    }
  }

  /**
   * A model the stage will train ({@code train}'s model, a student) must be one Distillery can
   * train: not a model loaded from a file.
   */
  public static void trainableModel(StageValidation validation, String option, String modelId) {
    if (modelId == null) {
      return;
    }
    validation
        .plugins()
        .model(modelId)
        .filter(model -> !model.trainable())
        .ifPresent(
            model ->
                validation.error(
                    option,
                    "model '"
                        + modelId
                        + "' is loaded from a file and runs in inference only: it can be a teacher"
                        + " (import it with a stage that uses `import-model`) or be evaluated, but"
                        + " not be trained; choose a model Distillery builds (e.g. lenet5-half,"
                        + " resnet8; `distillery list` shows them all)"));
  }

  public static void teacherStage(StageValidation validation, String option, String stageId) {
    modelStage(
        validation, option, stageId, "teacher", "the id of the stage whose model is the teacher");
  }

  /** {@code option} names a stage in {@code needs} that leaves a model. */
  public static void modelStage(StageValidation validation, String option, String stageId) {
    modelStage(validation, option, stageId, "model", "the id of the stage whose model runs");
  }

  private static void modelStage(
      StageValidation validation, String option, String stageId, String role, String meaning) {
    if (stageId == null) {
      validation.error(option, "`" + option + "` is required: " + meaning);
      return;
    }
    if (!validation.needs().contains(stageId)) {
      validation.error(
          option,
          role
              + " stage '"
              + stageId
              + "' must be listed in `needs` of stage '"
              + validation.stageId()
              + "' (needs: "
              + validation.needs()
              + ")");
      return;
    }
    validation
        .stageUses(stageId)
        .filter(uses -> !MODEL_STAGES.contains(uses))
        .ifPresent(
            uses ->
                validation.error(
                    option,
                    role
                        + " stage '"
                        + stageId
                        + "' uses '"
                        + uses
                        + "', which leaves no model; use a stage that uses one of "
                        + MODEL_STAGES));
  }

  /** The most images one step may take: more never fits in memory, and counts stay in range. */
  static final int MAX_BATCH_SIZE = 1 << 20;

  /** batch-size from 1 to {@link #MAX_BATCH_SIZE}. */
  public static void batchSize(StageValidation validation, int batchSize) {
    if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
      validation.error(
          "batch-size",
          "batch-size must be from 1 to " + MAX_BATCH_SIZE + " (2^20), got " + batchSize);
    }
  }

  public static void training(StageValidation validation, TrainingOptions options) {
    int epochs = options.epochs();
    int batchSize = options.batchSize();
    int checkpointEverySteps = options.checkpointEverySteps();
    if (epochs < 1) {
      validation.error("epochs", "epochs must be at least 1, got " + epochs);
    }
    batchSize(validation, batchSize);
    if (checkpointEverySteps < 0) {
      validation.error(
          "checkpoint-every-steps",
          "checkpoint-every-steps must be >= 0 (0: only at epoch ends), got "
              + checkpointEverySteps);
    }
  }

  /**
   * The {@code transfer-set} option before the data is known: a fraction in (0, 1], class ids that
   * are not negative and listed once.
   */
  public static void transferSet(StageValidation validation, TransferSetOptions options) {
    if (options == null) {
      return;
    }
    for (StageOptionProblems.Problem problem : options.problems(0)) {
      validation.error("transfer-set/" + problem.option(), problem.message());
    }
  }

  /**
   * The {@code transfer-set} option once the data is known: class ids of the dataset, not every
   * class, and some training image kept; problems are added to {@code problems} at their options.
   */
  public static void transferSet(
      Preflight preflight, TransferSetOptions options, List<StageOptionProblems.Problem> problems) {
    if (options == null) {
      return;
    }
    List<StageOptionProblems.Problem> found = options.problems(preflight.input().classes());
    for (StageOptionProblems.Problem problem : found) {
      problems.add(
          new StageOptionProblems.Problem("/transfer-set/" + problem.option(), problem.message()));
    }
    int[] labels = preflight.trainingLabels();
    if (found.isEmpty() && labels.length > 0) {
      try {
        // how many images are kept does not depend on the seed (only which): any seed will do
        TransferSet.select(
            new ImageSplit(new float[labels.length], labels, 1, 1, 1),
            options,
            preflight.input().classes(),
            0);
      } catch (UserException e) {
        problems.add(new StageOptionProblems.Problem("/transfer-set", e.getMessage()));
      }
    }
  }

  /**
   * Builds a model the stage will train and returns it, or adds a problem located at {@code
   * optionsOption} (or at {@code modelOption} when no options are given) and returns null when the
   * model plugin refuses its options.
   */
  public static Network buildable(
      Preflight preflight,
      String model,
      JsonNode modelOptions,
      String modelOption,
      String optionsOption,
      List<StageOptionProblems.Problem> problems) {
    try {
      return preflight.network(new Preflight.ModelSpec(model, modelOptions), null);
    } catch (UserException e) {
      problems.add(
          new StageOptionProblems.Problem(
              "/" + (modelOptions == null || modelOptions.isNull() ? modelOption : optionsOption),
              e.getMessage()));
      return null;
    }
  }

  public static String methodIds(StageValidation validation) {
    return ids(validation.plugins().methods());
  }

  private static String ids(Collection<? extends Plugin<?>> plugins) {
    return plugins.stream().map(Plugin::id).sorted().collect(Collectors.joining(", "));
  }
}
