package dev.distillery.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Engine details of gradients. On the PyTorch engine {@code NDArray.getGradient()} returns a new
 * wrapper attached to the parameter's own manager on every call (the caller must close it or move
 * it to a scoped manager) and a fresh zero array when no backward pass has reached the parameter;
 * here that case is told apart, as PyTorch's {@code grad is None}.
 */
final class ParameterGradients {

  private static final NDIndex ALL = new NDIndex("...");

  private ParameterGradients() {}

  /** The gradient of {@code array}, or null when no backward pass has produced one yet. */
  static NDArray gradientOrNull(NDArray array) {
    if (array instanceof PtNDArray pt) {
      return JniUtils.getGradient(pt);
    }
    return array.getGradient();
  }

  /** Sets the gradient of {@code array} to zeros in place (also when it holds NaN or Inf). */
  static void zero(NDArray array) {
    if (array instanceof PtNDArray pt) {
      JniUtils.zeroGrad(pt);
      return;
    }
    try (NDArray gradient = array.getGradient()) {
      gradient.set(ALL, 0);
    }
  }

  /**
   * Whether autograd is recording: in-place updates of parameters that require a gradient fail then
   * ("a leaf Variable that requires grad is being used in an in-place operation").
   */
  static boolean recording(NDArray array) {
    return array instanceof PtNDArray && JniUtils.isGradMode();
  }
}
