package dev.distillery.run;

import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.ModelArtifact;
import dev.distillery.spi.StageResult;
import dev.distillery.spi.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The trained models a finished run's stages left, read from each stage's {@code result.json}: how
 * {@code distillery export} and the Java API find the model of a stage.
 */
public final class StageModels {

  private StageModels() {}

  /**
   * The model stage {@code stage} of the run left: its only model, or the one named {@code student}
   * when it left several.
   *
   * @throws UserException naming the stage when the run has no such stage, the stage did not
   *     finish, or it left no model (with the stages that did)
   */
  public static ModelArtifact of(RunDirectory run, String stage) {
    RunState state = RunState.read(run.stateFile());
    RunState.StageRecord record = state.stages.get(stage);
    if (record == null) {
      throw new UserException(
          "run '"
              + run.path()
              + "' has no stage '"
              + stage
              + "'; its stages are "
              + state.stages.keySet()
              + (withModels(run, state).isEmpty()
                  ? ""
                  : " (those with a trained model: " + withModels(run, state) + ")"));
    }
    StageResult result = readResult(run, stage);
    if (record.status != StageStatus.SUCCEEDED || result == null) {
      throw new UserException(
          "stage '"
              + stage
              + "' of run '"
              + run.path()
              + "' has not finished (status "
              + record.status.name().toLowerCase(java.util.Locale.ROOT)
              + "); finish it with `distillery resume "
              + run.path()
              + "`");
    }
    List<ModelArtifact> models = result.models();
    if (models.isEmpty()) {
      throw new UserException(
          "stage '"
              + stage
              + "' of run '"
              + run.path()
              + "' left no trained model; name a stage that trains one: "
              + withModels(run, state));
    }
    if (models.size() == 1) {
      return models.get(0);
    }
    return models.stream()
        .filter(model -> model.name().equals("student"))
        .findFirst()
        .orElseThrow(
            () ->
                new UserException(
                    "stage '"
                        + stage
                        + "' left "
                        + models.size()
                        + " models and none is named 'student': "
                        + models.stream().map(ModelArtifact::name).toList()));
  }

  /** The finished stages of the run that left a model, in pipeline order. */
  private static List<String> withModels(RunDirectory run, RunState state) {
    List<String> stages = new ArrayList<>();
    for (Map.Entry<String, RunState.StageRecord> entry : state.stages.entrySet()) {
      if (entry.getValue().status == StageStatus.SUCCEEDED) {
        StageResult result = readResult(run, entry.getKey());
        if (result != null && !result.models().isEmpty()) {
          stages.add(entry.getKey());
        }
      }
    }
    return stages;
  }

  /** A stage's {@code result.json}, or null when there is none. */
  private static StageResult readResult(RunDirectory run, String stage) {
    Path file = run.stageDirectory(stage).resolve("result.json");
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return OptionsMapper.mapper().readValue(file.toFile(), StageResult.class);
    } catch (IOException e) {
      throw new UserException(
          "cannot read '" + file + "': " + e.getMessage() + "; re-run stage '" + stage + "'", e);
    }
  }
}
