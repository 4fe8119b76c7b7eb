package dev.distillery.methods;

/**
 * The per-channel margin of the partial L2 distance (Heo et al. ICCV 2019, used by MGD): the
 * expectation of a teacher response below zero, E[x | x &lt; 0] for x ~ N(m, s²),
 *
 * <pre>
 *   margin = m − s·φ(m/s) / Φ(−m/s)     when Φ(−m/s) &gt; 0.001
 *          = −3·s                       otherwise
 * </pre>
 *
 * as KaiyuYue/mgd {@code mgd/builder.py get_margin_from_BN}, where (m, s) are the BatchNorm's bias
 * and |weight|. Distillery takes m and s from the teacher feature's own per-channel mean and
 * standard deviation over the statistics window (see {@link MatchingGuidedDistillationLoss}).
 */
public final class MgdMargins {

  private MgdMargins() {}

  /** The margin of a channel with mean {@code mean} and standard deviation {@code std}. */
  public static double margin(double mean, double std) {
    double s = Math.abs(std);
    if (!(s > 1e-12)) {
      // A constant channel (the reference divides by zero here): E[x | x < 0] is the value itself
      // when it is negative; a non-negative constant has no negative part, -3·s = 0.
      return Math.min(mean, 0);
    }
    double z = mean / s;
    double tail = normalCdf(-z);
    if (tail > 0.001) {
      return -s * Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI) / tail + mean;
    }
    return -3 * s;
  }

  /** Φ(x), the standard normal distribution function, to about 1e-7 relative accuracy. */
  static double normalCdf(double x) {
    return 0.5 * erfc(-x / Math.sqrt(2));
  }

  /** The complementary error function (Chebyshev fit, fractional error below 1.2e-7). */
  static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double r =
        t
            * Math.exp(
                -z * z
                    - 1.26551223
                    + t
                        * (1.00002368
                            + t
                                * (0.37409196
                                    + t
                                        * (0.09678418
                                            + t
                                                * (-0.18628806
                                                    + t
                                                        * (0.27886807
                                                            + t
                                                                * (-1.13520398
                                                                    + t
                                                                        * (1.48851587
                                                                            + t
                                                                                * (-0.82215223
                                                                                    + t
                                                                                        * 0.17087277)))))))));
    return x >= 0 ? r : 2 - r;
  }
}
