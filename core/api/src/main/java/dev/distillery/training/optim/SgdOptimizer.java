package dev.distillery.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.List;

/**
 * Stochastic gradient descent with momentum, exactly as {@code torch.optim.SGD} with dampening 0:
 *
 * <pre>
 * d = g + weightDecay * p
 * buf = d                      (first step of the parameter)
 * buf = momentum * buf + d     (later steps)
 * d = nesterov ? d + momentum * buf : buf      (when momentum != 0)
 * p = p - lr * d
 * </pre>
 *
 * State per parameter: the momentum buffer (kept, all zeros, also when momentum is 0).
 */
public final class SgdOptimizer extends StatefulOptimizer {

  private final double momentum;
  private final boolean nesterov;
  private final double weightDecay;

  /**
   * @param parameters the parameters to train, in a fixed order
   * @param momentum momentum factor (0: plain SGD)
   * @param nesterov Nesterov momentum (needs momentum > 0)
   * @param weightDecay L2 penalty added to the gradient
   */
  public SgdOptimizer(
      List<Parameter> parameters, double momentum, boolean nesterov, double weightDecay) {
    super("sgd", parameters, 1);
    if (!(momentum >= 0) || Double.isInfinite(momentum)) {
      throw new IllegalArgumentException("momentum must be finite and >= 0: " + momentum);
    }
    if (nesterov && momentum == 0) {
      throw new IllegalArgumentException("Nesterov momentum needs momentum > 0");
    }
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new IllegalArgumentException("weight decay must be finite and >= 0: " + weightDecay);
    }
    this.momentum = momentum;
    this.nesterov = nesterov;
    this.weightDecay = weightDecay;
  }

  @Override
  void update(
      NDArray parameter,
      NDArray gradient,
      NDArray[] state,
      long step,
      double learningRate,
      NDManager scope) {
    NDArray d = gradient;
    if (weightDecay != 0) {
      d = scoped(d.add(scoped(parameter.mul(weightDecay), scope)), scope);
    }
    if (momentum != 0) {
      NDArray buffer = state[0];
      if (step == 1) {
        buffer.addi(d); // the buffer holds zeros until the first step: buf = d exactly
      } else {
        buffer.muli(momentum).addi(d);
      }
      d = nesterov ? scoped(d.add(scoped(buffer.mul(momentum), scope)), scope) : buffer;
    }
    parameter.subi(scoped(d.mul(learningRate), scope));
  }
}
