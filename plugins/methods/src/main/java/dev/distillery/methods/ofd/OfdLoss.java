package dev.distillery.methods.ofd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.distillery.spi.DistillationBatch;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.Scalars;
import java.util.ArrayList;
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
 * student ({@link #trainableBlocks()}) and normalise with batch statistics while training, running
 * statistics in validation. The margins are fixed when the loss is created. The teacher feature
 * arrives detached.
 */
public final class OfdLoss implements DistillationLoss {

  private final OfdOptions options;
  private final List<OfdConnector> connectors;
  private final List<NDArray> margins;

  /**
   * A loss over one connector and one margin (shape (C_t, 1, 1)) per feature pair, in the options'
   * order.
   */
  public OfdLoss(OfdOptions options, List<OfdConnector> connectors, List<NDArray> margins) {
    int n = options.studentFeatures().size();
    if (connectors.size() != n || margins.size() != n) {
      throw new IllegalArgumentException(
          "ofd: "
              + connectors.size()
              + " connectors and "
              + margins.size()
              + " margins for "
              + options.studentFeatures());
    }
    this.options = options;
    this.connectors = List.copyOf(connectors);
    this.margins = List.copyOf(margins);
  }

  @Override
  public String name() {
    return "ofd";
  }

  /** The connectors, one per pair. */
  public List<OfdConnector> connectors() {
    return connectors;
  }

  /** The margins, one (C_t, 1, 1) array per pair. */
  public List<NDArray> margins() {
    return margins;
  }

  @Override
  public List<Block> trainableBlocks() {
    return new ArrayList<>(connectors);
  }

  @Override
  public NDArray compute(DistillationBatch batch) {
    int n = connectors.size();
    NDArray total = null;
    for (int i = 0; i < n; i++) {
      NDArray student = batch.studentFeature(options.studentFeatures().get(i));
      NDArray connected =
          connectors
              .get(i)
              .forward(
                  new ParameterStore(student.getManager(), false),
                  new NDList(student),
                  batch.training())
              .singletonOrThrow();
      NDArray teacher = batch.teacherFeature(options.teacherFeatures().get(i)).stopGradient();
      // Distiller.forward: loss_distill += distillation_loss(...) / 2 ** (feat_num - i - 1)
      NDArray term =
          Scalars.divided(
              partialL2(connected, teacher, margins.get(i)), (float) (1L << (n - 1 - i)));
      total = total == null ? term : total.add(term);
    }
    long batchSize = batch.studentFeature(options.studentFeatures().get(0)).getShape().get(0);
    // train_with_distillation.py (CIFAR-100): loss_distill.sum() / batch_size / 1000
    return Scalars.divided(Scalars.divided(total, (float) batchSize), 1000f);
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
