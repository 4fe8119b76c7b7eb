package dev.distillery.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Softmax cross-entropy on class indices, as PyTorch's {@code F.cross_entropy(logits, labels)} with
 * mean reduction: {@code mean_b(-log_softmax(logits[b])[labels[b]])}.
 */
public final class CrossEntropyLoss {

  private CrossEntropyLoss() {}

  /**
   * The mean cross-entropy of a batch; differentiable with respect to {@code logits}. Temporaries
   * are attached to the manager of {@code logits} (use a per-step sub-manager).
   *
   * @param logits {@code (B, K)} unnormalized class scores
   * @param labels {@code (B)} class indices in {@code [0, K)}, int32 or int64
   * @return a scalar array
   */
  public static NDArray compute(NDArray logits, NDArray labels) {
    checkShapes(logits, labels);
    NDArray logProbabilities = logits.logSoftmax(1);
    NDArray index = labels.toType(DataType.INT64, false).reshape(-1, 1);
    return logProbabilities.gather(index, 1).mean().neg();
  }

  /**
   * How many rows of {@code logits} have their largest score at the label (ties go to the first
   * maximum, as {@code argmax}).
   *
   * @param logits {@code (B, K)} class scores
   * @param labels {@code (B)} class indices, int32 or int64
   */
  public static long countCorrect(NDArray logits, NDArray labels) {
    checkShapes(logits, labels);
    try (NDArray predicted = logits.argMax(1);
        NDArray hits = predicted.eq(labels);
        NDArray count = hits.countNonzero()) {
      return count.getLong();
    }
  }

  private static void checkShapes(NDArray logits, NDArray labels) {
    if (logits.getShape().dimension() != 2
        || labels.getShape().dimension() != 1
        || logits.getShape().get(0) != labels.getShape().get(0)) {
      throw new IllegalArgumentException(
          "expected logits (B, K) and labels (B), got logits "
              + logits.getShape()
              + " and labels "
              + labels.getShape());
    }
    DataType type = labels.getDataType();
    if (type != DataType.INT32 && type != DataType.INT64) {
      throw new IllegalArgumentException("labels must be int32 or int64, got " + type);
    }
  }
}
