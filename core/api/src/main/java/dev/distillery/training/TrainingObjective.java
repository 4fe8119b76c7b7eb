package dev.distillery.training;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import dev.distillery.spi.TrainingStep;
import java.util.List;
import java.util.Map;

/**
 * What a {@link TrainingLoop} trains: the trainable blocks and the loss of a batch. The train
 * stage's objective is cross-entropy on one network; the distill stage's is the weighted sum of
 * cross-entropy and the distillation losses over student, teacher and connectors.
 */
public interface TrainingObjective {

  /** The blocks whose parameters train; they are checkpointed in this order. */
  List<Block> trainableBlocks();

  /**
   * The losses of one batch, called inside the gradient collector during training.
   *
   * @param images a batch of images
   * @param labels their labels
   * @param training true for a training step (BatchNorm uses and updates batch statistics)
   * @param step the epoch and the training-split indices of the images
   */
  Losses losses(NDArray images, NDArray labels, boolean training, TrainingStep step);

  /** The logits of the network being trained, in inference mode. */
  NDArray predict(NDArray images);

  /**
   * False for an objective that trains no classifier (e.g. an autoencoder on teacher features): the
   * loop then measures no accuracy and runs no validation pass, and {@link Losses#logits()} may be
   * null.
   */
  default boolean classifies() {
    return true;
  }

  /**
   * Losses of one batch.
   *
   * @param total the scalar that is back-propagated
   * @param components named, unweighted scalars reported in metrics (e.g. ce, kd)
   * @param logits the trained network's logits, for training accuracy (null when the objective does
   *     not {@link #classifies() classify})
   */
  record Losses(NDArray total, Map<String, NDArray> components, NDArray logits) {}
}
