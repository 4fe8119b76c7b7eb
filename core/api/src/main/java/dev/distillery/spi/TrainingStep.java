package dev.distillery.spi;

/**
 * Where a training batch sits in the training: methods whose loss changes over epochs (e.g. DKD's
 * warm-up) read the epoch, methods with a memory bank (e.g. CRD) the sample indices.
 *
 * @param epoch the epoch, 0-based
 * @param epochs epochs of the stage
 * @param sampleIndices the index in the training split of each image of the batch, in batch order
 */
public record TrainingStep(int epoch, int epochs, int[] sampleIndices) {

  /** For batches outside training (validation, tests): epoch 0 of 1, no indices. */
  public static TrainingStep none(int batchSize) {
    int[] indices = new int[batchSize];
    java.util.Arrays.fill(indices, -1);
    return new TrainingStep(0, 1, indices);
  }
}
