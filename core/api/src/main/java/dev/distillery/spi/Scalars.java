package dev.distillery.spi;

import ai.djl.ndarray.NDArray;

/**
 * Scalars for arithmetic on arrays that take part in back-propagation.
 *
 * <p>DJL's PyTorch engine turns the Java number of {@code x.mul(0.5f)}, {@code x.div(n)}, {@code
 * x.pow(2f)}, {@code x.maximum(eps)} or {@code x.minimum(1f)} into a tensor over a direct buffer
 * and closes it right after the operation. Autograd keeps that tensor for the backward pass (the
 * gradient of {@code x * c} is {@code c}), so once the garbage collector has freed the buffer,
 * backward reads freed memory: gradients of 2e-38 instead of 3 were measured after a forced
 * collection. An array made here lives in the manager of {@code like} (the training step's scope
 * for anything computed from a batch) until that manager closes, after the backward pass. Adding or
 * subtracting a number is safe (its gradient does not read the number).
 */
public final class Scalars {

  private Scalars() {}

  /** {@code value} as a float32 scalar array in the manager of {@code like}. */
  public static NDArray of(NDArray like, double value) {
    return like.getManager().create((float) value);
  }

  /** {@code x * value}, safe to back-propagate through. */
  public static NDArray times(NDArray x, double value) {
    return x.mul(of(x, value));
  }

  /** {@code x / value}, safe to back-propagate through. */
  public static NDArray divided(NDArray x, double value) {
    return x.div(of(x, value));
  }

  /** {@code x ^ exponent}, safe to back-propagate through. */
  public static NDArray power(NDArray x, double exponent) {
    return x.pow(of(x, exponent));
  }

  /** The element-wise maximum of {@code x} and {@code value}, safe to back-propagate through. */
  public static NDArray atLeast(NDArray x, double value) {
    return x.maximum(of(x, value));
  }

  /** The element-wise minimum of {@code x} and {@code value}, safe to back-propagate through. */
  public static NDArray atMost(NDArray x, double value) {
    return x.minimum(of(x, value));
  }
}
