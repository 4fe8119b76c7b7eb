package dev.distillery.training.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.distillery.spi.ImageSplit;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.Objects;

/**
 * Assembles training batches from an {@link ImageSplit}: the images at {@code order[from..to)},
 * augmented, as a float32 {@code (B, C, H, W)} array and an int32 {@code (B)} label array. The host
 * buffers are reused between calls (per instance; the static {@link #batch} keeps one instance per
 * thread), so a step allocates only the two NDArrays.
 */
public final class Batches {

  private static final ThreadLocal<Batches> PER_THREAD = ThreadLocal.withInitial(Batches::new);

  private float[] images = new float[0];
  private int[] labels = new int[0];
  private float[] scratch = new float[0];

  /**
   * A batch made with this thread's reusable buffers.
   *
   * @param manager where the arrays are created (a per-step sub-manager)
   * @param split the images
   * @param order the epoch's order of split indices (from {@link EpochOrder})
   * @param from first position in {@code order}, inclusive
   * @param to last position in {@code order}, exclusive
   * @param augmentation applied per image, keyed by {@code (seed, epoch, split index)}
   * @param seed the run's seed
   * @param epoch the epoch, 0-based
   * @return {@code NDList(images, labels)}
   */
  public static NDList batch(
      NDManager manager,
      ImageSplit split,
      int[] order,
      int from,
      int to,
      Augmentation augmentation,
      long seed,
      int epoch) {
    return PER_THREAD.get().assemble(manager, split, order, from, to, augmentation, seed, epoch);
  }

  /** Like {@link #batch}, with this instance's buffers. */
  public NDList assemble(
      NDManager manager,
      ImageSplit split,
      int[] order,
      int from,
      int to,
      Augmentation augmentation,
      long seed,
      int epoch) {
    Objects.requireNonNull(split, "split is null");
    Objects.requireNonNull(order, "order is null");
    if (from < 0 || to > order.length || from >= to) {
      throw new IllegalArgumentException(
          "batch range [" + from + ", " + to + ") is empty or outside 0.." + order.length);
    }
    int count = to - from;
    int size = split.imageSize();
    int values = Math.multiplyExact(count, size);
    if (images.length < values) {
      images = new float[values];
    }
    if (labels.length < count) {
      labels = new int[count];
    }
    if (scratch.length < size) {
      scratch = new float[size];
    }
    for (int b = 0; b < count; b++) {
      int index = order[from + b];
      if (index < 0 || index >= split.count()) {
        throw new IllegalArgumentException(
            "order[" + (from + b) + "] = " + index + " is outside 0.." + (split.count() - 1));
      }
      Augmentation.Draw draw =
          augmentation == null ? Augmentation.Draw.IDENTITY : augmentation.draw(seed, epoch, index);
      if (draw == Augmentation.Draw.IDENTITY) {
        split.copyImages(index, index + 1, images, b * size);
        labels[b] = split.labels()[index];
        continue;
      }
      split.copyImages(index, index + 1, scratch, 0);
      Augmentation.apply(
          scratch, 0, images, b * size, split.channels(), split.height(), split.width(), draw);
      labels[b] = split.labels()[index];
    }
    NDArray imageArray =
        manager.create(
            FloatBuffer.wrap(images, 0, values),
            new Shape(count, split.channels(), split.height(), split.width()));
    NDArray labelArray = manager.create(IntBuffer.wrap(labels, 0, count), new Shape(count));
    return new NDList(imageArray, labelArray);
  }
}
