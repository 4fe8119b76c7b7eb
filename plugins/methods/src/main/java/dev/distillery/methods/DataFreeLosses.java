package dev.distillery.methods;

import ai.djl.ndarray.NDArray;
import dev.distillery.spi.Scalars;
import dev.distillery.training.CrossEntropyLoss;

/**
 * The loss terms of the data-free recipes, on a batch of generated images, as the reference code
 * writes them (DAFL-train.py lines 168–182, DFAD_mnist.py {@code train}).
 */
public final class DataFreeLosses {

  private static final double LN_10 = Math.log(10);

  private DataFreeLosses() {}

  /**
   * DAFL's one-hot loss: the cross-entropy of the teacher's logits against their own argmax ({@code
   * criterion(outputs_T, pred)}), low when the teacher is confident on every image.
   */
  public static NDArray oneHot(NDArray teacherLogits) {
    NDArray predicted = teacherLogits.stopGradient().argMax(1);
    return CrossEntropyLoss.compute(teacherLogits, predicted);
  }

  /**
   * DAFL's information-entropy loss: {@code Σ_c p̄_c · log10 p̄_c} with {@code p̄} the batch-mean
   * of the teacher's softmax — the negative entropy in decimal digits, lowest when the batch covers
   * every class equally. The reference takes log10, not ln (a factor 1/ln 10 on the weight).
   */
  public static NDArray informationEntropy(NDArray teacherLogits) {
    NDArray mean = teacherLogits.softmax(1).mean(new int[] {0});
    return Scalars.divided(mean.mul(mean.log()).sum(), LN_10);
  }

  /**
   * DAFL's activation loss: {@code −mean |f|} of the teacher's feature before its classifier, low
   * when the images excite the teacher strongly.
   */
  public static NDArray activation(NDArray feature) {
    return feature.abs().mean().neg();
  }

  /** DFAD's distance: {@code F.l1_loss(s, t)}, the mean absolute difference of the logits. */
  public static NDArray meanAbsoluteDifference(NDArray studentLogits, NDArray teacherLogits) {
    return studentLogits.sub(teacherLogits).abs().mean();
  }
}
