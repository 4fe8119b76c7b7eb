package dev.distillery.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.distillery.spi.UserException;

/**
 * What the framework demands of a loss value a plugin returns ({@link
 * dev.distillery.spi.DistillationLoss#compute}, a data-free recipe's losses): a finite float32
 * scalar.
 *
 * <ul>
 *   <li>A scalar is an array of one element: shape {@code ()} (what {@code mean()} and {@code
 *       sum()} return) or {@code (1)}, {@code (1, 1)}, ...; the latter are reshaped to {@code ()}.
 *       Anything larger is refused: the method forgot to reduce.
 *   <li>A scalar of another floating type (float64, float16, bfloat16) is refused, naming {@link
 *       dev.distillery.spi.Scalars}: such a loss comes from {@code x.mul(beta)} with a Java {@code
 *       Double}, which DJL's PyTorch engine turns into a float64 tensor over a buffer it frees
 *       before the backward pass reads it. Converting the result would hide a gradient that a
 *       garbage collection between forward and backward can corrupt; the fix is one call.
 *   <li>A non-floating loss (integers, booleans) is refused: it has no gradient.
 *   <li>A NaN or infinite value is refused; the framework reads values ({@link #finite}) only where
 *       that costs nothing per step: the first batch of a stage and the preflight's probe batch.
 * </ul>
 *
 * Messages start with a source that names the loss, e.g. {@code stage 'student-kd': losses[1]
 * (uses: my-loss)}, and say how to fix it.
 */
public final class LossContract {

  private LossContract() {}

  /**
   * {@code value} as a float32 array of shape {@code ()}; throws a {@link UserException} naming
   * {@code source} when it is not a float32 scalar. Reads only the array's type and shape (no
   * device synchronisation).
   */
  public static NDArray scalar(NDArray value, String source) {
    if (value == null) {
      throw new UserException(
          source
              + " returned null; a loss must be a float32 scalar (e.g. the .mean() of an array)");
    }
    DataType type = value.getDataType();
    Shape shape = value.getShape();
    if (shape.size() != 1 || !type.isFloating()) {
      String fix =
          shape.size() != 1
              ? "reduce it (e.g. .mean())"
              : "compute it from the networks' float32 outputs";
      throw new UserException(
          source
              + " returned "
              + describe(type, shape)
              + "; a loss must be a float32 scalar: "
              + fix);
    }
    if (type != DataType.FLOAT32) {
      throw new UserException(
          source
              + " returned "
              + describe(type, shape)
              + "; a loss must be a float32 scalar. A Java number in arithmetic that gradients flow"
              + " through (x.mul(beta) with a Double) makes it "
              + type
              + ", and DJL frees that number before the backward pass reads it: write"
              + " Scalars.times(x, beta) (also divided, power, atLeast, atMost)");
    }
    return shape.dimension() == 0 ? value : value.reshape(new Shape());
  }

  /**
   * Reads a scalar loss (a device synchronisation) and throws a {@link UserException} naming {@code
   * source} when it is NaN or infinite; {@code where} says on what it was computed, e.g. {@code
   * "the first batch"}.
   */
  public static void finite(NDArray scalar, String source, String where) {
    float value = scalar.toType(DataType.FLOAT32, false).getFloat();
    if (!Float.isFinite(value)) {
      throw new UserException(
          source
              + " returned "
              + value
              + " on "
              + where
              + ", before any weight changed; a loss must be finite: look for a logarithm or a"
              + " division of zero (add a small epsilon) or an overflowing exponential in the"
              + " method");
    }
  }

  /** "a float64 tensor of shape (4, 10)". */
  static String describe(DataType type, Shape shape) {
    String name = type.toString();
    String article = "aeiou".indexOf(name.charAt(0)) >= 0 ? "an " : "a ";
    return article + name + " tensor of shape " + shape;
  }
}
