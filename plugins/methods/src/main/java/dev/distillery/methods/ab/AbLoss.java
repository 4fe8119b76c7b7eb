package dev.distillery.methods.ab;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.distillery.methods.ConnectedFeatureLoss;
import dev.distillery.spi.Scalars;
import java.util.List;

/**
 * Activation-boundary distillation (Heo et al. AAAI 2019) as RepDistiller's {@code ABLoss} on its
 * {@code Connector}, summed over the pairs as its {@code helper/pretrain.py}:
 *
 * <pre>
 *   per pair i of n:  s = C_i(student pre-activation),  t = teacher pre-activation,  μ = margin
 *     ℓ_i = Σ (s + μ)² · [s > −μ ∧ t ≤ 0] + (s − μ)² · [s ≤ μ ∧ t > 0]     (over batch and map)
 *   loss = Σ_i 2^(i−n+1) · ℓ_i / B / 1000 · 3
 * </pre>
 *
 * <p>C_i is an {@link AbConnector} (convolution + BatchNorm) when the pair's shapes differ and the
 * identity when they are equal; the connectors train with the student ({@link
 * ConnectedFeatureLoss}). BatchNorm uses batch statistics while training, running statistics in
 * validation. The teacher feature arrives detached.
 */
public final class AbLoss extends ConnectedFeatureLoss<AbConnector> {

  private final float margin;

  /**
   * A loss over one connector per feature pair, in the options' order; a null entry is the identity
   * (equal shapes).
   */
  public AbLoss(AbOptions options, List<AbConnector> connectors) {
    super("ab", options.studentFeatures(), options.teacherFeatures(), connectors);
    this.margin = options.margin().floatValue();
  }

  @Override
  protected NDArray pairTerm(int pair, NDArray student, NDArray teacher, boolean training) {
    NDArray connected = connect(pair, student, training);
    long batchSize = connected.getShape().get(0);
    // ABLoss.w = [2**(i - feat_num + 1)]; losses: w * l, then / bsz, then / 1000 * 3.
    float weight = (float) Math.pow(2, pair - pairCount() + 1);
    return Scalars.times(
        Scalars.divided(
            Scalars.divided(
                Scalars.times(boundaryLoss(connected, teacher, margin), weight), (float) batchSize),
            1000f),
        3f);
  }

  /** ABLoss.criterion_alternative_l2 for one pair: the summed squared boundary violations. */
  static NDArray boundaryLoss(NDArray source, NDArray target, float margin) {
    NDArray negative =
        source.gt(-margin).logicalAnd(target.lte(0f)).toType(DataType.FLOAT32, false);
    NDArray positive = source.lte(margin).logicalAnd(target.gt(0f)).toType(DataType.FLOAT32, false);
    NDArray loss =
        source.add(margin).square().mul(negative).add(source.sub(margin).square().mul(positive));
    return loss.abs().sum();
  }
}
