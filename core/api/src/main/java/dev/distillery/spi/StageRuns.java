package dev.distillery.spi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Locale;

/**
 * The test accuracy of one stage of the pipeline over its runs ({@code repeats:}; one run for a
 * stage that is not repeated), and its gain over the baseline stage's runs: an entry of {@code
 * stages} in the evaluate stage's {@code report.json}, written by the evaluate stage and read by
 * the HTML report, {@code runs compare} and {@code runs --json}.
 *
 * @param stage the stage id as written in the pipeline
 * @param architecture the model of its runs
 * @param training how its runs were trained
 * @param runs the run ids ({@link StageReplicas}), in order
 * @param accuracies top-1 of each run on the test split, in the order of {@code runs}
 * @param mean the mean top-1 (0–1)
 * @param standardDeviation the sample standard deviation of top-1 (null for one run)
 * @param agreement the mean top-1 agreement with the teacher stage (null without one)
 * @param gain the gain over the baseline (null without a baseline, and for the baseline)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
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

  public StageRuns {
    runs = runs == null ? List.of(stage) : List.copyOf(runs);
  }

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
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Gain(
      double points,
      Double low,
      Double high,
      Double t,
      Double degreesOfFreedom,
      Double pValue,
      String verdict) {

    /** A gain whose spread is unknown (a side has one run). */
    public static Gain untested(double points) {
      return new Gain(points, null, null, null, null, null, "untested");
    }

    /** "+0.85 [+0.31, +1.39]", "+0.12 [−0.40, +0.64] not resolved", "+0.12 (untested: one run)". */
    public String cell() {
      if (low == null || high == null) {
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
  public String accuracyCell() {
    return percentCell(mean, standardDeviation);
  }

  /** A mean and its standard deviation as percent, "87.91 ± 0.22"; just the mean without one. */
  public static String percentCell(double mean, Double standardDeviation) {
    return standardDeviation == null || Double.isNaN(standardDeviation)
        ? String.format(Locale.ROOT, "%.2f", 100 * mean)
        : String.format(Locale.ROOT, "%.2f ± %.2f", 100 * mean, 100 * standardDeviation);
  }
}
