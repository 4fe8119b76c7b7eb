package dev.distillery.methods;

/**
 * The comparison every golden test uses, element by element:
 *
 * <pre>
 *   |actual − expected| <= RTOL·|expected| + ATOL·max_j |expected_j|
 * </pre>
 *
 * with {@link #RTOL} = 1e-4 and {@link #ATOL} = 1e-6: a relative tolerance, plus an absolute one
 * that is tiny against the tensor's own scale so that entries near zero (a gradient entry of 1e-27
 * next to entries of 1) are compared at float32 resolution of that scale rather than relatively.
 * For a scalar (a loss) this is a relative tolerance of 1.01e-4.
 */
record Closeness(
    double maxAbsoluteError,
    double maxRelativeError,
    double worstToleranceUsed,
    int failures,
    String first) {

  /** Relative tolerance of every golden comparison. */
  static final double RTOL = 1e-4;

  /** Absolute tolerance, as a fraction of the largest magnitude in the expected tensor. */
  static final double ATOL = 1e-6;

  static Closeness compare(float[] actual, float[] expected) {
    if (actual.length != expected.length) {
      throw new AssertionError(
          "sizes differ: actual " + actual.length + ", expected " + expected.length);
    }
    double scale = 0;
    for (float value : expected) {
      scale = Math.max(scale, Math.abs((double) value));
    }
    double absoluteTolerance = ATOL * scale;
    double maxAbs = 0;
    double maxRel = 0;
    double worst = 0;
    int failures = 0;
    String first = null;
    for (int i = 0; i < actual.length; i++) {
      double error = Math.abs((double) actual[i] - expected[i]);
      double magnitude = Math.abs((double) expected[i]);
      double tolerance = RTOL * magnitude + absoluteTolerance;
      maxAbs = Math.max(maxAbs, error);
      if (magnitude >= absoluteTolerance / RTOL && magnitude > 0) {
        maxRel = Math.max(maxRel, error / magnitude);
      }
      worst = Math.max(worst, tolerance > 0 ? error / tolerance : error > 0 ? 1e300 : 0);
      if (!(error <= tolerance)) {
        failures++;
        if (first == null) {
          first = "element " + i + ": actual " + actual[i] + ", expected " + expected[i];
        }
      }
    }
    return new Closeness(maxAbs, maxRel, worst, failures, first);
  }

  static Closeness compare(double actual, double expected) {
    return compare(new float[] {(float) actual}, new float[] {(float) expected});
  }

  boolean close() {
    return failures == 0;
  }

  /**
   * The figures: largest absolute error, largest relative error among the entries where the
   * relative tolerance dominates (|expected| >= 0.01·max|expected|), and the largest share of its
   * tolerance any entry used.
   */
  @Override
  public String toString() {
    return String.format(
        "max abs %.3g, max rel %.3g, tolerance used %.1f%%%s",
        maxAbsoluteError,
        maxRelativeError,
        100 * worstToleranceUsed,
        failures == 0 ? "" : ", " + failures + " outside tolerance, first " + first);
  }
}
