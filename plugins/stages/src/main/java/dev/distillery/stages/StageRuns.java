package dev.distillery.stages;

import dev.distillery.spi.StageReplicas;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The test accuracy of one stage of the pipeline over its runs ({@code repeats:}; one run for a
 * stage that is not repeated), and its gain over the baseline stage's runs.
 *
 * @param stage the stage id as written in the pipeline
 * @param architecture the model of its runs
 * @param training how its runs were trained
 * @param runs the run ids ({@link StageReplicas}), in order
 * @param accuracies top-1 of each run on the test split, in the order of {@code runs}
 * @param mean the mean top-1
 * @param standardDeviation the sample standard deviation of top-1 (null for one run)
 * @param agreement the mean top-1 agreement with the teacher stage (null without one)
 * @param gain the gain over the baseline (null without a baseline, and for the baseline)
 */
public record StageRuns(
    String stage,
    String architecture,
    String training,
    List<String> runs,
    double[] accuracies,
    double mean,
    Double standardDeviation,
    Double agreement,
    Gain gain) {

  /**
   * The gain of a stage's mean top-1 over the baseline's, in percentage points, with Welch's test
   * when both have two runs or more.
   *
   * @param points the difference of the means
   * @param low the lower end of the confidence interval (null when untested)
   * @param high the upper end (null when untested)
   * @param t Welch's t (null when untested)
   * @param degreesOfFreedom Welch–Satterthwaite degrees of freedom (null when untested)
   * @param pValue two-sided p-value (null when untested)
   * @param verdict {@code resolved}, {@code not resolved} (the interval includes 0) or {@code
   *     untested} (a side has one run, or no run varies: the spread is unknown)
   */
  public record Gain(
      double points,
      Double low,
      Double high,
      Double t,
      Double degreesOfFreedom,
      Double pValue,
      String verdict) {

    static Gain of(SeedStatistics.Difference difference) {
      double scale = 100;
      if (!difference.tested()) {
        return new Gain(scale * difference.points(), null, null, null, null, null, "untested");
      }
      return new Gain(
          scale * difference.points(),
          scale * difference.low(),
          scale * difference.high(),
          difference.t(),
          difference.degreesOfFreedom(),
          difference.pValue(),
          difference.resolved() ? "resolved" : "not resolved");
    }

    /** "+0.85 [+0.31, +1.39]", "+0.12 [−0.40, +0.64] not resolved", "+0.12 (untested)". */
    String cell() {
      if (low == null) {
        return String.format(Locale.ROOT, "%+.2f (untested: one run)", points);
      }
      return String.format(
          Locale.ROOT,
          "%+.2f [%+.2f, %+.2f]%s",
          points,
          low,
          high,
          "resolved".equals(verdict) ? "" : " not resolved");
    }
  }

  /** Whether the stage ran more than once. */
  public boolean repeated() {
    return runs.size() > 1;
  }

  /** "87.91 ± 0.22" (or "87.91" for one run), in percent. */
  String accuracyCell() {
    return percentCell(mean, standardDeviation);
  }

  /** A mean and its standard deviation as percent, "87.91 ± 0.22"; just the mean without one. */
  static String percentCell(double mean, Double standardDeviation) {
    return standardDeviation == null || Double.isNaN(standardDeviation)
        ? String.format(Locale.ROOT, "%.2f", 100 * mean)
        : String.format(Locale.ROOT, "%.2f ± %.2f", 100 * mean, 100 * standardDeviation);
  }

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
      Gain gain =
          baselineAccuracies == null || entry.getKey().equals(baseline)
              ? null
              : Gain.of(SeedStatistics.difference(accuracies, baselineAccuracies, confidence));
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
}
