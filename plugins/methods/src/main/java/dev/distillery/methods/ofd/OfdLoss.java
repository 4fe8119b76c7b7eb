package dev.distillery.methods.ofd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.distillery.methods.ConnectedFeatureLoss;
import dev.distillery.spi.DistillationBatch;
import dev.distillery.spi.Scalars;
import java.util.List;

/**
 * Overhaul of feature distillation (Heo et al. ICCV 2019) as clovaai/overhaul-distillation's
 * CIFAR-100 code computes it ({@code distiller.py}: {@code distillation_loss}, {@code
 * Distiller.forward}; {@code train_with_distillation.py}: the scaling):
 *
 * <pre>
 *   per pair i of n:  s = C_i(student pre-ReLU feature),  t = teacher pre-ReLU feature,
 *                     m = the teacher channel's margin (see {@link OfdMargin}),  t' = max(t, m)
 *     ℓ_i = Σ (s − t')² · [s > t' ∨ t' > 0]                   (over batch, channels and map)
 *   loss = Σ_i ℓ_i / 2^(n−1−i) / B / 1000
 * </pre>
 *
 * <p>C_i is an {@link OfdConnector} (1×1 convolution + BatchNorm); the connectors train with the
 * student ({@link ConnectedFeatureLoss}) and normalise with batch statistics while training,
 * running statistics in validation. The margins are fixed when the loss is created. The teacher
 * feature arrives detached.
 */
public final class OfdLoss extends ConnectedFeatureLoss<OfdConnector> {

  private final List<NDArray> margins;

  /**
   * A loss over one connector and one margin (shape (C_t, 1, 1)) per feature pair, in the options'
   * order.
   */
  public OfdLoss(OfdOptions options, List<OfdConnector> connectors, List<NDArray> margins) {
    super("ofd", options.studentFeatures(), options.teacherFeatures(), List.copyOf(connectors));
    if (margins.size() != pairCount()) {
      throw new IllegalArgumentException(
          "ofd: " + margins.size() + " margins for " + options.studentFeatures());
    }
    this.margins = List.copyOf(margins);
  }

  /** The margins, one (C_t, 1, 1) array per pair. */
  public List<NDArray> margins() {
    return margins;
  }

  @Override
  public NDArray compute(DistillationBatch batch) {
    long batchSize = batch.studentFeature(studentFeatures().get(0)).getShape().get(0);
    // train_with_distillation.py (CIFAR-100): loss_distill.sum() / batch_size / 1000
    return Scalars.divided(Scalars.divided(super.compute(batch), (float) batchSize), 1000f);
  }

  @Override
  protected NDArray pairTerm(int pair, NDArray student, NDArray teacher, boolean training) {
    NDArray connected = connect(pair, student, training);
    // Distiller.forward: loss_distill += distillation_loss(...) / 2 ** (feat_num - i - 1)
    return Scalars.divided(
        partialL2(connected, teacher, margins.get(pair)), (float) (1L << (pairCount() - 1 - pair)));
  }

  /**
   * {@code distillation_loss(source, target, margin)}: target = max(target, margin); the squared
   * error summed where the source exceeds the target or the target is positive.
   */
  static NDArray partialL2(NDArray source, NDArray target, NDArray margin) {
    NDArray clipped = target.maximum(margin);
    NDArray mask = source.gt(clipped).logicalOr(clipped.gt(0f)).toType(DataType.FLOAT32, false);
    return source.sub(clipped).square().mul(mask).sum();
  }
}
