package dev.distillery.spi;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import java.util.List;
import java.util.Optional;

/**
 * One distillation loss term, created by a {@link MethodPlugin} for one student/teacher pair. The
 * distilling stage sums {@code weight * compute(batch)} over its terms, plus the weighted
 * cross-entropy, under one gradient collector.
 *
 * <p><b>The contract the framework checks.</b> {@link #compute} returns a finite float32 scalar:
 *
 * <ul>
 *   <li><b>Scalar</b>: one element, shape {@code ()} as {@code mean()} and {@code sum()} return
 *       ({@code (1)} is accepted and reshaped). A loss of shape {@code (4, 10)} stops the stage
 *       with {@code stage 'student-kd': losses[1] (uses: my-loss) returned a float32 tensor of
 *       shape (4, 10); a loss must be a float32 scalar: reduce it (e.g. .mean())}.
 *   <li><b>float32</b>: a scalar of another type stops the stage naming the loss and the fix. It
 *       usually comes from multiplying by a Java {@code Double} ({@code
 *       x.mean().mul(options.beta())}: DJL makes the number a float64 tensor, and frees its memory
 *       right after the multiplication while autograd keeps it for the backward pass, which then
 *       reads freed memory once the garbage collector has run). Multiply, divide, raise to a power
 *       and clamp arrays that are back-propagated through with {@link Scalars} ({@code
 *       Scalars.times(x.mean(), options.beta())}); adding or subtracting a number is safe.
 *   <li><b>Finite</b>: a NaN or infinite value on the first batch of a stage stops it naming the
 *       loss (later batches are checked by the training loop's divergence guard).
 * </ul>
 *
 * <p>{@code distillery validate} and the check before a run compute every loss once on a probe
 * batch (a few training images through a student and teacher built from the stage's options; the
 * teacher's weights are random when its stage has not run) and apply the same checks with the same
 * messages. A loss that cannot be computed before the run (it needs what an earlier stage leaves)
 * says why in {@link #notProbedBecause()}; it is then reported as not probed.
 */
public interface DistillationLoss {

  /** The name of the loss component in metrics and logs, e.g. {@code kd}. */
  String name();

  /**
   * The per-batch loss, a float32 scalar (see the contract above). Gradients flow into the
   * student's outputs and into any {@link #trainableBlocks()}; teacher outputs arrive detached.
   */
  NDArray compute(DistillationBatch batch);

  /** Modules the method adds (connectors, regressors) that train together with the student. */
  default List<Block> trainableBlocks() {
    return List.of();
  }

  /**
   * Why this loss cannot be computed on the probe batch before the run, e.g. a stand-in a method
   * returns when {@link MethodSetup.Upstream#beforeRun()} and the real loss needs an earlier
   * stage's result; empty (the default) when it can be. A loss that gives a reason is reported as
   * not probed, with the reason; one that gives none is computed and checked.
   */
  default Optional<String> notProbedBecause() {
    return Optional.empty();
  }
}
