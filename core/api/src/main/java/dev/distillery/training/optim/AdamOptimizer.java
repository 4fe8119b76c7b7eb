package dev.distillery.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.List;

/**
 * Adam, exactly as {@code torch.optim.Adam} (weight decay as an L2 term added to the gradient, not
 * AdamW; no amsgrad):
 *
 * <pre>
 * g = g + weightDecay * p
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g * g
 * p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * with {@code t} the parameter's step number (1 on its first update). State per parameter: {@code
 * m} and {@code v}.
 */
public final class AdamOptimizer extends StatefulOptimizer {

  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;

  /**
   * @param parameters the parameters to train, in a fixed order
   * @param beta1 decay of the first moment, in [0, 1)
   * @param beta2 decay of the second moment, in [0, 1)
   * @param eps added to the denominator, >= 0
   * @param weightDecay L2 penalty added to the gradient, >= 0
   */
  public AdamOptimizer(
      List<Parameter> parameters, double beta1, double beta2, double eps, double weightDecay) {
    super("adam", parameters, 2);
    if (!(beta1 >= 0 && beta1 < 1)) {
      throw new IllegalArgumentException("beta1 must be in [0, 1): " + beta1);
    }
    if (!(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("beta2 must be in [0, 1): " + beta2);
    }
    if (!(eps >= 0) || Double.isInfinite(eps)) {
      throw new IllegalArgumentException("eps must be finite and >= 0: " + eps);
    }
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new IllegalArgumentException("weight decay must be finite and >= 0: " + weightDecay);
    }
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
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
    NDArray g = gradient;
    if (weightDecay != 0) {
      g = scoped(g.add(scoped(parameter.mul(weightDecay), scope)), scope);
    }
    NDArray m = state[0];
    NDArray v = state[1];
    m.muli(beta1).addi(scoped(g.mul(1 - beta1), scope));
    v.muli(beta2).addi(scoped(scoped(g.mul(g), scope).muli(1 - beta2), scope));
    double biasCorrection1 = 1 - Math.pow(beta1, step);
    double biasCorrection2 = 1 - Math.pow(beta2, step);
    NDArray denominator = scoped(v.sqrt(), scope).divi(Math.sqrt(biasCorrection2)).addi(eps);
    NDArray delta = scoped(m.div(denominator), scope).muli(learningRate / biasCorrection1);
    parameter.subi(delta);
  }
}
