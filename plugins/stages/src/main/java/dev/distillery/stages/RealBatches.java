package dev.distillery.stages;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.distillery.spi.ImageSplit;
import dev.distillery.training.data.Augmentation;
import dev.distillery.training.data.AugmentationOptions;
import dev.distillery.training.data.Batches;
import dev.distillery.training.data.EpochOrder;

/**
 * Batches of real images for the discriminator of a GAN stage, numbered: batch {@code n} is a
 * function of the seed and {@code n} alone (seeded passes over the split, each a fresh shuffle, the
 * last partial batch of a pass left out), so a resumed stage sees the same images.
 */
final class RealBatches {

  private final ImageSplit split;
  private final long seed;
  private final int batchSize;
  private final int perPass;
  private final Augmentation none = new Augmentation(AugmentationOptions.none());
  private long cachedPass = -1;
  private int[] order;

  RealBatches(ImageSplit split, long seed, int batchSize) {
    if (split.count() < batchSize) {
      throw new dev.distillery.spi.UserException(
          "the training split has "
              + split.count()
              + " images, fewer than one batch of "
              + batchSize
              + "; lower batch-size");
    }
    this.split = split;
    this.seed = seed;
    this.batchSize = batchSize;
    this.perPass = split.count() / batchSize;
  }

  /** The {@code n}-th batch of images, {@code (batchSize, C, H, W)}, in {@code manager}. */
  NDArray batch(NDManager manager, long n) {
    long pass = n / perPass;
    int offset = (int) (n % perPass);
    if (pass != cachedPass) {
      order = EpochOrder.permutation(seed, Math.toIntExact(pass), split.count());
      cachedPass = pass;
    }
    int from = offset * batchSize;
    return Batches.batch(
            manager, split, order, from, from + batchSize, none, seed, Math.toIntExact(pass))
        .get(0);
  }
}
