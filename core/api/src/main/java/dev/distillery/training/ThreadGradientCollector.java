package dev.distillery.training;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;

/**
 * A gradient collector for the calling thread only, so that stages can train concurrently in one
 * JVM. DJL's {@code PtGradientCollector} allows one collector per process (a static flag), but what
 * it does — switch libtorch's autograd on, back-propagate, switch it back — is per thread in
 * libtorch ({@code GradMode} is thread-local), so this class does the same without the global flag.
 * Like DJL's collector it does not zero gradients: the optimizers do after each step.
 */
public final class ThreadGradientCollector implements AutoCloseable {

  /** Switches autograd on for this thread until {@link #close()}. */
  public ThreadGradientCollector() {
    JniUtils.setGradMode(true);
  }

  /** Switches autograd off for the calling thread (DJL's default outside a collector). */
  public static void disableOnThisThread() {
    JniUtils.setGradMode(false);
  }

  /** Switches autograd back on for the calling thread (inside a collector, after a pause). */
  public static void enableOnThisThread() {
    JniUtils.setGradMode(true);
  }

  /** Back-propagates from a scalar, accumulating into the gradients of leaf arrays. */
  public void backward(NDArray target) {
    NDArray seed = target.onesLike();
    JniUtils.backward((PtNDArray) target, (PtNDArray) seed, false, false);
  }

  /**
   * Back-propagates from a scalar keeping its graph and recording the backward pass itself, so the
   * gradients it leaves can be differentiated again (double back-propagation, e.g. a gradient
   * penalty).
   */
  public void backwardKeepingGraph(NDArray target) {
    NDArray seed = target.onesLike();
    JniUtils.backward((PtNDArray) target, (PtNDArray) seed, true, true);
  }

  /**
   * The gradient of a scalar {@code output} with respect to {@code input} (an array that requires
   * gradients), itself differentiable: PyTorch's {@code autograd.grad(output, input,
   * create_graph=True)}, which DJL does not expose. It back-propagates keeping the graph, then
   * detaches and zeroes in place the gradients that pass left on {@code parameters} (every leaf of
   * the graph that requires gradients): they would carry the graph (a reference cycle, PyTorch
   * warns of the leak) and add a spurious term to the next step. Their gradients must be zero
   * before the call, as after an optimizer step. Toggling the parameters' {@code requires_grad} off
   * instead would cut the gradient's own dependence on them (measured: a wrong gradient penalty).
   */
  public NDArray inputGradient(NDArray output, NDArray input, List<NDArray> parameters) {
    backwardKeepingGraph(output);
    for (NDArray parameter : parameters) {
      PtNDArray gradient = JniUtils.getGradient((PtNDArray) parameter);
      if (gradient != null) {
        gradient.close();
        JniUtils.zeroGrad((PtNDArray) parameter);
      }
    }
    return input.getGradient();
  }

  @Override
  public void close() {
    JniUtils.setGradMode(false);
  }
}
