package dev.distillery.training.optim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An optimizer for a fixed, ordered list of DJL parameters whose state (momentum buffers, Adam
 * moments, step counters) Distillery owns, so that a checkpoint can save it and a resumed run
 * continues exactly.
 *
 * <p>Use it after the backward pass, with the gradient collector closed:
 *
 * <pre>{@code
 * try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
 *   collector.backward(loss);
 * }
 * optimizer.step(lr);
 * }</pre>
 *
 * <p>On DJL's PyTorch engine gradients accumulate over backward passes, also across gradient
 * collectors (a collector does not zero them), so {@link #step} zeroes the gradient of every
 * parameter it updates. A step that is skipped (for instance after a non-finite loss) must call
 * {@link #zeroGradients()} instead.
 */
public interface Optimizer extends AutoCloseable {

  /**
   * Updates every parameter that requires a gradient in place from its current gradient, then
   * zeroes that gradient. Parameters that don't require a gradient (frozen) are left alone, and so
   * are parameters that no backward pass has reached yet (like PyTorch's {@code grad is None}).
   *
   * @param learningRate the learning rate of this step (from the schedule)
   * @throws IllegalStateException when called while a gradient collector is open
   */
  void step(double learningRate);

  /** Zeroes the gradients of all parameters that require one, without updating them. */
  void zeroGradients();

  /**
   * Writes the optimizer's state (state arrays and step counters) to {@code out}; the stream is
   * flushed, not closed.
   */
  void save(OutputStream out) throws IOException;

  /**
   * Replaces the optimizer's state with one written by {@link #save} from an optimizer of the same
   * kind over parameters of the same names and shapes; nothing changes when the check fails.
   *
   * @throws IllegalArgumentException when the state belongs to another optimizer kind or another
   *     list of parameters (count, names, shapes and types are checked)
   */
  void load(InputStream in) throws IOException;

  /** Frees the state arrays. The parameters are not touched. */
  @Override
  void close();
}
