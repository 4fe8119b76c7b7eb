package dev.distillery.spi;

import ai.djl.ndarray.NDArray;

/**
 * Scalars for arithmetic on arrays that take part in back-propagation: the way for a plugin to
 * multiply, divide, raise to a power or clamp such an array by a number, e.g. a weight from its
 * options.
 *
 * <pre>{@code
 * NDArray loss = batch.studentLogits().sub(batch.teacherLogits()).square().mean();
 * return Scalars.times(loss, options.beta());   // not loss.mul(options.beta())
 * }</pre>
 *
 * <p>Two things go wrong with DJL's own {@code x.mul(number)}, {@code x.div(n)}, {@code x.pow(2f)},
 * {@code x.maximum(eps)} or {@code x.minimum(1f)}:
 *
 * <ul>
 *   <li>a Java {@code Double} (an options field) becomes a float64 tensor, and a float32 scalar
 *       times a float64 scalar is float64: the loss is no longer float32 (the framework converts a
 *       scalar loss back, see {@link DistillationLoss}, but arrays inside a method stay float64);
 *   <li>DJL's PyTorch engine puts the number in a tensor over a direct buffer and closes it right
 *       after the operation. Autograd keeps that tensor for the backward pass (the gradient of
 *       {@code x * c} is {@code c}), so once the garbage collector has freed the buffer, backward
 *       reads freed memory: gradients of 2e-38 instead of 3 were measured after a forced
 *       collection.
 * </ul>
 *
 * Every number here becomes a float32 scalar array ({@code Double} or {@code float} alike: the
 * result of {@code times(x, beta)} has {@code x}'s type when {@code x} is float32) that lives in
 * the manager of {@code like} (the training step's scope for anything computed from a batch) until
 * that manager closes, after the backward pass. Adding or subtracting a number is safe (its
 * gradient does not read the number), but pass a {@code float}: {@code x.add(1.0)} promotes a
 * scalar to float64.
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
