package dev.distillery.spi;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import java.util.List;

/**
 * One distillation loss term, created by a {@link MethodPlugin} for one student/teacher pair. The
 * distilling stage sums {@code weight * compute(batch)} over its terms, plus the weighted
 * cross-entropy, under one gradient collector.
 */
public interface DistillationLoss {

  /** The name of the loss component in metrics and logs, e.g. {@code kd}. */
  String name();

  /**
   * The per-batch loss, a scalar. Gradients flow into the student's outputs and into any {@link
   * #trainableBlocks()}; teacher outputs arrive detached.
   */
  NDArray compute(DistillationBatch batch);

  /** Modules the method adds (connectors, regressors) that train together with the student. */
  default List<Block> trainableBlocks() {
    return List.of();
  }
}
