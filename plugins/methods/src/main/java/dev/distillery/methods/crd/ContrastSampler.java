package dev.distillery.methods.crd;

import dev.distillery.spi.TrainingStep;

/**
 * Chooses the memory rows the images of a batch are contrasted with (RepDistiller's {@code
 * contrast_idx}). The {@code crd} method uses {@link CrdContrastSampler}; tests pass fixed indices.
 */
@FunctionalInterface
public interface ContrastSampler {

  /**
   * The contrast rows of a batch: for image b (in batch order), entry {@code b·(K+1)} is the row of
   * its positive and the next K entries the rows of its negatives, each in [0, training images).
   *
   * @param step the batch's epoch and training-split indices
   * @param negatives K
   */
  int[] sample(TrainingStep step, int negatives);
}
