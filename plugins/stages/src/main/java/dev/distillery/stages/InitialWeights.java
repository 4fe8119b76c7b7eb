package dev.distillery.stages;

import ai.djl.ndarray.NDManager;
import dev.distillery.spi.ModelArtifact;
import dev.distillery.spi.Network;
import dev.distillery.spi.StageChecks;
import dev.distillery.spi.StageContext;
import dev.distillery.spi.StageResult;
import dev.distillery.spi.StageValidation;
import dev.distillery.spi.UserException;
import dev.distillery.training.Networks;

/**
 * {@code init-from}: a training stage starts from the model another stage left instead of from
 * random weights. This is how multi-phase methods chain their phases (FitNet's hint training, then
 * distillation of the whole student; AB's and FSP's initialisation, then training).
 */
final class InitialWeights {

  private InitialWeights() {}

  static void validate(StageValidation validation, String initFrom) {
    if (initFrom == null) {
      return;
    }
    if (!validation.needs().contains(initFrom)) {
      validation.error(
          "init-from",
          "init-from stage '"
              + initFrom
              + "' must be listed in `needs` of stage '"
              + validation.stageId()
              + "' (needs: "
              + validation.needs()
              + ")");
      return;
    }
    validation
        .stageUses(initFrom)
        .filter(uses -> !StageChecks.TRAINED_MODEL_STAGES.contains(uses))
        .ifPresent(
            uses ->
                validation.error(
                    "init-from",
                    "init-from stage '"
                        + initFrom
                        + "' uses '"
                        + uses
                        + "', which leaves no model; use a stage that uses one of "
                        + StageChecks.TRAINED_MODEL_STAGES));
  }

  /** Loads the model of stage {@code initFrom} into {@code network}, if asked to. */
  static void apply(StageContext context, String initFrom, Network network, NDManager manager) {
    if (initFrom == null) {
      return;
    }
    StageResult result = context.inputs().get(initFrom);
    if (result == null || result.models().isEmpty()) {
      throw new UserException(
          "stage '" + context.stageId() + "': init-from stage '" + initFrom + "' left no model");
    }
    ModelArtifact source = result.models().get(0);
    if (!source.architecture().equals(network.architecture())) {
      throw new UserException(
          "stage '"
              + context.stageId()
              + "' trains a '"
              + network.architecture()
              + "' but init-from stage '"
              + initFrom
              + "' left a '"
              + source.architecture()
              + "'; init-from needs the same architecture");
    }
    Networks.loadTrainable(
        network.block(), manager, context.runDirectory().resolve(source.parameters()));
  }
}
