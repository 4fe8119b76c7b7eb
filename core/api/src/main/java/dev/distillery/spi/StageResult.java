package dev.distillery.spi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a finished stage leaves for the stages after it and for the report, stored as {@code
 * result.json} in the stage directory.
 *
 * @param summary headline figures, e.g. {@code test.accuracy}
 * @param models the models the stage produced
 * @param report free-form sections for the run report (the evaluate stage writes its tables here)
 */
public record StageResult(
    Map<String, Double> summary, List<ModelArtifact> models, Map<String, Object> report) {

  public StageResult {
    summary = new LinkedHashMap<>(summary);
    models = List.copyOf(models);
    report = new LinkedHashMap<>(report);
  }

  public static StageResult of(Map<String, Double> summary, List<ModelArtifact> models) {
    return new StageResult(summary, models, Map.of());
  }
}
