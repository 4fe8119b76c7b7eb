package dev.distillery.training;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

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

  @Override
  public void close() {
    JniUtils.setGradMode(false);
  }
}
