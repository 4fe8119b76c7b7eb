package dev.distillery.testkit;

/**
 * How close two float tensors are, element by element:
 *
 * <pre>
 *   |actual − expected| <= rtol·|expected| + atol·max_j |expected_j|
 * </pre>
 *
 * a relative tolerance, plus an absolute one that is tiny against the tensor's own scale so that
 * entries near zero (a gradient entry of 1e-27 next to entries of 1) are compared at float32
 * resolution of that scale rather than relatively. For a scalar (a loss) this is a relative
 * tolerance of rtol + atol.
 *
 * <p>Two tolerances are named, each for one kind of comparison:
 *
 * <ul>
 *   <li>{@link #GOLDEN}: against a reference implementation (PyTorch, another library, other
 *       operation order): rtol 1e-4, atol 1e-6.
 *   <li>{@link #SAME_MATH}: the same mathematics on two computation paths of this engine (other
 *       batch shapes, stored instead of recomputed outputs). libtorch/oneDNN choose kernels by
 *       batch shape and instruction set (AVX2, AVX-512), so such results agree to float32 rounding
 *       on every CPU but are bit-identical only on some: rtol 1e-5, atol 1e-6.
 * </ul>
 *
 * Bit-identity is asserted only where the computation is truly the same (a resumed stage against an
 * uninterrupted one, on one machine).
 */
public record Closeness(
    double maxAbsoluteError,
    double maxRelativeError,
    double worstToleranceUsed,
    int failures,
    String first) {

  /**
   * A tolerance: {@code rtol} relative, {@code atol} as a fraction of the tensor's largest entry.
   */
  public record Tolerance(double rtol, double atol) {

    /** Compares {@code actual} with {@code expected} element by element (same length). */
    public Closeness compare(float[] actual, float[] expected) {
      return Closeness.compare(actual, expected, this);
    }

    /** Compares two scalars, e.g. a loss with its reference value (both as float32). */
    public Closeness compare(double actual, double expected) {
      return compare(new float[] {(float) actual}, new float[] {(float) expected});
    }

    @Override
    public String toString() {
      return String.format("rtol %.0e, atol %.0e of the largest entry", rtol, atol);
    }
  }

  /** Against a reference implementation. */
  public static final Tolerance GOLDEN = new Tolerance(1e-4, 1e-6);

  /** The same mathematics on two computation paths of this engine (see the class comment). */
  public static final Tolerance SAME_MATH = new Tolerance(1e-5, 1e-6);

  private static Closeness compare(float[] actual, float[] expected, Tolerance tolerance) {
    if (actual.length != expected.length) {
      throw new AssertionError(
          "sizes differ: actual " + actual.length + ", expected " + expected.length);
    }
    double scale = 0;
    for (float value : expected) {
      scale = Math.max(scale, Math.abs((double) value));
    }
    double absoluteTolerance = tolerance.atol() * scale;
    double maxAbs = 0;
    double maxRel = 0;
    double worst = 0;
    int failures = 0;
    String first = null;
    for (int i = 0; i < actual.length; i++) {
      double error = Math.abs((double) actual[i] - expected[i]);
      double magnitude = Math.abs((double) expected[i]);
      double allowed = tolerance.rtol() * magnitude + absoluteTolerance;
      maxAbs = Math.max(maxAbs, error);
      if (magnitude >= absoluteTolerance / tolerance.rtol() && magnitude > 0) {
        maxRel = Math.max(maxRel, error / magnitude);
      }
      worst = Math.max(worst, allowed > 0 ? error / allowed : error > 0 ? 1e300 : 0);
      if (!(error <= allowed)) {
        failures++;
        if (first == null) {
          first = "element " + i + ": actual " + actual[i] + ", expected " + expected[i];
        }
      }
    }
    return new Closeness(maxAbs, maxRel, worst, failures, first);
  }

  /** True when every element is within the tolerance. */
  public boolean close() {
    return failures == 0;
  }

  /**
   * The figures: largest absolute error, largest relative error among the entries where the
   * relative tolerance dominates, and the largest share of its tolerance any entry used.
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
