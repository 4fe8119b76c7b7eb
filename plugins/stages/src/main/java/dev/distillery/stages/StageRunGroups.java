package dev.distillery.stages;

import dev.distillery.spi.StageReplicas;
import dev.distillery.spi.StageRuns;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Groups an evaluation's measured runs into {@link StageRuns}, with gains over the baseline. */
final class StageRunGroups {

  private StageRunGroups() {}

  /**
   * Groups measured runs by stage ({@link StageReplicas#stageOf}) in the order first seen, and
   * compares each stage with the baseline stage.
   *
   * @param models the measured runs
   * @param baseline the baseline stage (a stage id as written; null for none)
   * @param confidence the confidence of the gains' intervals
   */
  static List<StageRuns> of(List<ModelReport> models, String baseline, double confidence) {
    Map<String, List<ModelReport>> byStage = new LinkedHashMap<>();
    for (ModelReport model : models) {
      byStage
          .computeIfAbsent(StageReplicas.stageOf(model.stage), stage -> new ArrayList<>())
          .add(model);
    }
    double[] baselineAccuracies =
        baseline == null || !byStage.containsKey(baseline)
            ? null
            : accuracies(byStage.get(baseline));
    List<StageRuns> stages = new ArrayList<>();
    for (var entry : byStage.entrySet()) {
      List<ModelReport> runs = entry.getValue();
      double[] accuracies = accuracies(runs);
      double sd = SeedStatistics.standardDeviation(accuracies);
      ModelReport first = runs.get(0);
      Double agreement =
          first.agreement == null
              ? null
              : runs.stream().mapToDouble(r -> r.agreement).average().orElseThrow();
      StageRuns.Gain gain =
          baselineAccuracies == null || entry.getKey().equals(baseline)
              ? null
              : gain(SeedStatistics.difference(accuracies, baselineAccuracies, confidence));
      stages.add(
          new StageRuns(
              entry.getKey(),
              first.architecture,
              first.training,
              runs.stream().map(r -> r.stage).toList(),
              accuracies,
              SeedStatistics.mean(accuracies),
              Double.isNaN(sd) ? null : sd,
              agreement,
              gain));
    }
    return stages;
  }

  private static double[] accuracies(List<ModelReport> runs) {
    return runs.stream().mapToDouble(r -> r.accuracy).toArray();
  }

  /** A gain in percentage points from a Welch difference of top-1 fractions. */
  private static StageRuns.Gain gain(SeedStatistics.Difference difference) {
    double scale = 100;
    if (!difference.tested()) {
      return StageRuns.Gain.untested(scale * difference.points());
    }
    return new StageRuns.Gain(
        scale * difference.points(),
        scale * difference.low(),
        scale * difference.high(),
        difference.t(),
        difference.degreesOfFreedom(),
        difference.pValue(),
        difference.resolved() ? "resolved" : "not resolved");
  }
}
