package dev.distillery.stages;

import org.apache.commons.statistics.descriptive.Mean;
import org.apache.commons.statistics.descriptive.StandardDeviation;
import org.apache.commons.statistics.distribution.TDistribution;
import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.DataDispersion;
import org.apache.commons.statistics.inference.TTest;

/**
 * What the runs of repeated stages say: the mean and sample standard deviation of a stage's runs,
 * and the difference of two stages' means with Welch's t-test (unequal variances) and its
 * confidence interval (Welch–Satterthwaite degrees of freedom), from Apache Commons Statistics.
 * Matches {@code scipy.stats.ttest_ind(x, y, equal_var=False)} (see {@code
 * make_statistics_golden.py}).
 */
public final class SeedStatistics {

  private SeedStatistics() {}

  /** The mean of the values. */
  public static double mean(double[] values) {
    return Mean.of(values).getAsDouble();
  }

  /** The sample standard deviation (n − 1 in the denominator); NaN for fewer than two values. */
  public static double standardDeviation(double[] values) {
    return values.length < 2 ? Double.NaN : StandardDeviation.of(values).getAsDouble();
  }

  /**
   * The difference {@code mean(x) − mean(y)} with Welch's two-sided test and a confidence interval.
   *
   * @param confidence the interval's confidence, e.g. 0.95; a difference is resolved when its
   *     interval excludes 0 (equivalently, p &lt; 1 − confidence)
   * @return the comparison; without a spread to go by (fewer than two values on a side, or no
   *     variation on either) only the difference is known and {@link Difference#tested()} is false
   */
  public static Difference difference(double[] x, double[] y, double confidence) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
    }
    double points = mean(x) - mean(y);
    if (x.length < 2 || y.length < 2) {
      return new Difference(points, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double errorX = Math.pow(standardDeviation(x), 2) / x.length;
    double errorY = Math.pow(standardDeviation(y), 2) / y.length;
    double standardError = Math.sqrt(errorX + errorY);
    if (standardError == 0) {
      return new Difference(points, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    TTest.Result test =
        TTest.withDefaults()
            .with(DataDispersion.HETEROSCEDASTIC)
            .with(AlternativeHypothesis.TWO_SIDED)
            .test(x, y);
    double degrees = test.getDegreesOfFreedom();
    double quantile = TDistribution.of(degrees).inverseSurvivalProbability((1 - confidence) / 2);
    return new Difference(
        points,
        points - quantile * standardError,
        points + quantile * standardError,
        test.getStatistic(),
        degrees,
        test.getPValue());
  }

  /**
   * A difference of means and, when the runs have a spread, Welch's test of it.
   *
   * @param points the difference of the means
   * @param low the lower end of the confidence interval (NaN when not tested)
   * @param high the upper end (NaN when not tested)
   * @param t Welch's t statistic (NaN when not tested)
   * @param degreesOfFreedom the Welch–Satterthwaite degrees of freedom (NaN when not tested)
   * @param pValue the two-sided p-value (NaN when not tested)
   */
  public record Difference(
      double points, double low, double high, double t, double degreesOfFreedom, double pValue) {

    /** Whether there was a spread to test against. */
    public boolean tested() {
      return !Double.isNaN(pValue);
    }

    /** Whether the confidence interval excludes 0. */
    public boolean resolved() {
      return tested() && (low > 0 || high < 0);
    }
  }
}
