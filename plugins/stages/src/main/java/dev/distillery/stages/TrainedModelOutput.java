package dev.distillery.stages;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.spi.ModelArtifact;
import dev.distillery.spi.Network;
import dev.distillery.spi.StageContext;
import dev.distillery.spi.StageResult;
import dev.distillery.training.Networks;
import dev.distillery.training.Predictions;
import dev.distillery.training.TrainingLoop;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Saves a trained network as the stage's artifact and summarises the training. */
final class TrainedModelOutput {

  private TrainedModelOutput() {}

  static StageResult save(
      StageContext context,
      String role,
      Network network,
      JsonNode modelOptions,
      TrainingLoop.Report report,
      java.util.function.Function<ai.djl.ndarray.NDArray, ai.djl.ndarray.NDArray> predict,
      NDManager manager,
      Map<String, Object> notes) {
    Path file = context.stageDirectory().resolve(role + ".params");
    Networks.save(network, file);
    String relative = context.runDirectory().relativize(file).toString();
    Map<String, Double> summary = new LinkedHashMap<>();
    summary.put("epochs", (double) report.epochs());
    if (!Double.isNaN(report.lastEpochLoss())) {
      summary.put("train.loss", report.lastEpochLoss());
      summary.put("train.accuracy", report.lastTrainAccuracy());
    }
    if (report.validationAccuracy() != null) {
      summary.put("validation.accuracy", report.validationAccuracy());
    }
    summary.put("test.accuracy", Predictions.accuracy(predict, context.testSplit(), manager, 256));
    ModelArtifact artifact =
        new ModelArtifact(
            role,
            network.architecture(),
            modelOptions,
            relative,
            context.stageId(),
            network.input(),
            context.dataset().classNames(),
            context.dataset().preprocessing());
    return new StageResult(summary, List.of(artifact), notes);
  }
}
