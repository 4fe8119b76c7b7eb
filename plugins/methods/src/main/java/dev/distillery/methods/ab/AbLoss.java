package dev.distillery.methods.ab;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.distillery.spi.DistillationBatch;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.Scalars;
import java.util.ArrayList;
import java.util.Collections;
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
 * identity when they are equal; the connectors train with the student ({@link #trainableBlocks()}).
 * BatchNorm uses batch statistics while training, running statistics in validation. The teacher
 * feature arrives detached.
 */
public final class AbLoss implements DistillationLoss {

  private final AbOptions options;
  private final List<AbConnector> connectors;

  /**
   * A loss over one connector per feature pair, in the options' order; a null entry is the identity
   * (equal shapes).
   */
  public AbLoss(AbOptions options, List<AbConnector> connectors) {
    if (connectors.size() != options.studentFeatures().size()) {
      throw new IllegalArgumentException(
          "ab: " + connectors.size() + " connectors for " + options.studentFeatures());
    }
    this.options = options;
    this.connectors = Collections.unmodifiableList(new ArrayList<>(connectors));
  }

  @Override
  public String name() {
    return "ab";
  }

  /** The connectors, one per pair; null where the shapes are equal (identity). */
  public List<AbConnector> connectors() {
    return connectors;
  }

  @Override
  public List<Block> trainableBlocks() {
    List<Block> blocks = new ArrayList<>();
    for (AbConnector connector : connectors) {
      if (connector != null) {
        blocks.add(connector);
      }
    }
    return List.copyOf(blocks);
  }

  @Override
  public NDArray compute(DistillationBatch batch) {
    int n = connectors.size();
    NDArray total = null;
    for (int i = 0; i < n; i++) {
      NDArray student = batch.studentFeature(options.studentFeatures().get(i));
      AbConnector connector = connectors.get(i);
      if (connector != null) {
        student =
            connector
                .forward(
                    new ParameterStore(student.getManager(), false),
                    new NDList(student),
                    batch.training())
                .singletonOrThrow();
      }
      NDArray teacher = batch.teacherFeature(options.teacherFeatures().get(i)).stopGradient();
      long batchSize = student.getShape().get(0);
      // ABLoss.w = [2**(i - feat_num + 1)]; losses: w * l, then / bsz, then / 1000 * 3.
      float weight = (float) Math.pow(2, i - n + 1);
      NDArray term =
          Scalars.times(
              Scalars.divided(
                  Scalars.divided(
                      Scalars.times(
                          boundaryLoss(student, teacher, options.margin().floatValue()), weight),
                      (float) batchSize),
                  1000f),
              3f);
      total = total == null ? term : total.add(term);
    }
    return total;
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
