package dev.distillery.methods.crd;

import dev.distillery.spi.TrainingStep;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The contrast rows RepDistiller's {@code CIFAR100InstanceSample} gives CRD, or the uniform draw of
 * {@code ContrastMemory}'s own sampler:
 *
 * <ul>
 *   <li>positive: the image's own row ({@code exact}) or a uniformly drawn row of an image of the
 *       same class, possibly itself ({@code relax});
 *   <li>negatives, {@code other-classes}: K rows of images of other classes, distinct when there
 *       are at least K such images, else drawn with replacement (the reference's {@code replace = k
 *       > len(cls_negative[target])}); {@code all}: K rows drawn uniformly with replacement from
 *       every training image (the positive's own row included), as the AliasMethod with uniform
 *       weights.
 * </ul>
 *
 * <p>The draws of an image depend only on the seed, the epoch and the image's training-split index
 * (a {@link SplittableRandom} per image), not on the batch it is in or on earlier batches: a run is
 * repeatable, and a resumed run draws what the uninterrupted run would have drawn.
 */
public final class CrdContrastSampler implements ContrastSampler {

  /** The seed of the default sampler ("CRD" in ASCII). */
  public static final long DEFAULT_SEED = 0x435244L;

  private final int[] labels;
  private final boolean relax;
  private final boolean otherClasses;
  private final long seed;

  /** Rows grouped by class, classes in ascending order, rows ascending within a class. */
  private final int[] byClass;

  /** Per class label: the first position in byClass (label-indexed; -1 for absent labels). */
  private final int[] classStart;

  /** Per class label: how many images it has. */
  private final int[] classSize;

  /** Scratch for the partial Fisher–Yates shuffle over other-class positions; kept as identity. */
  private int[] scratch;

  /**
   * A sampler over a training split with these labels.
   *
   * @param trainingLabels the label of every training image (a negative label is rejected)
   * @param relax positives drawn from the same class ({@code positive: relax})
   * @param otherClasses negatives only from other classes ({@code negatives-from: other-classes})
   * @param seed mixed with the epoch and the image index
   */
  public CrdContrastSampler(int[] trainingLabels, boolean relax, boolean otherClasses, long seed) {
    this.labels = trainingLabels.clone();
    this.relax = relax;
    this.otherClasses = otherClasses;
    this.seed = seed;
    int classes = 0;
    for (int label : labels) {
      if (label < 0) {
        throw new IllegalArgumentException("negative training label " + label);
      }
      classes = Math.max(classes, label + 1);
    }
    classSize = new int[classes];
    for (int label : labels) {
      classSize[label]++;
    }
    classStart = new int[classes];
    int position = 0;
    for (int c = 0; c < classes; c++) {
      classStart[c] = position;
      position += classSize[c];
    }
    int[] next = classStart.clone();
    byClass = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      byClass[next[labels[i]]++] = i;
    }
  }

  /** The number of training images of other classes than the image at {@code index}. */
  public int otherClassImages(int index) {
    return labels.length - classSize[labels[index]];
  }

  @Override
  public int[] sample(TrainingStep step, int negatives) {
    int[] indices = step.sampleIndices();
    int width = negatives + 1;
    int[] rows = new int[indices.length * width];
    for (int b = 0; b < indices.length; b++) {
      int index = indices[b];
      if (index < 0 || index >= labels.length) {
        throw new IllegalArgumentException(
            "crd: sample index " + index + " is outside the training split of " + labels.length);
      }
      SplittableRandom random = new SplittableRandom(mix(seed, step.epoch(), index));
      int label = labels[index];
      rows[b * width] =
          relax ? byClass[classStart[label] + random.nextInt(classSize[label])] : index;
      if (otherClasses) {
        otherClassRows(random, label, rows, b * width + 1, negatives);
      } else {
        for (int k = 1; k <= negatives; k++) {
          rows[b * width + k] = random.nextInt(labels.length);
        }
      }
    }
    return rows;
  }

  /** K rows of other classes than label into out[from..from+K). */
  private void otherClassRows(SplittableRandom random, int label, int[] out, int from, int k) {
    int start = classStart[label];
    int size = classSize[label];
    int others = labels.length - size;
    if (others == 0) {
      throw new IllegalStateException("crd: every training image has class " + label);
    }
    if (k > others) {
      for (int j = 0; j < k; j++) {
        out[from + j] = otherClassRow(random.nextInt(others), start, size);
      }
      return;
    }
    // Partial Fisher–Yates over the positions [0, others), undone afterwards.
    if (scratch == null || scratch.length < labels.length) {
      scratch = new int[labels.length];
      Arrays.setAll(scratch, i -> i);
    }
    int[] swaps = new int[k];
    for (int j = 0; j < k; j++) {
      int pick = j + random.nextInt(others - j);
      swaps[j] = pick;
      int chosen = scratch[pick];
      scratch[pick] = scratch[j];
      scratch[j] = chosen;
      out[from + j] = otherClassRow(chosen, start, size);
    }
    for (int j = k - 1; j >= 0; j--) {
      int pick = swaps[j];
      int swap = scratch[pick];
      scratch[pick] = scratch[j];
      scratch[j] = swap;
    }
  }

  /** The row at position p of the rows of other classes (byClass without the label's run). */
  private int otherClassRow(int position, int start, int size) {
    return byClass[position < start ? position : position + size];
  }

  private static long mix(long seed, int epoch, int index) {
    long z = seed ^ (0x9E3779B97F4A7C15L * (epoch + 1)) ^ (0xC2B2AE3D27D4EB4FL * (index + 1L));
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
