package dev.distillery.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.distillery.spi.ImageSplit;
import java.nio.FloatBuffer;
import java.util.function.Function;

/** Runs a network over a split in inference mode, batch by batch in scoped memory. */
public final class Predictions {

  private Predictions() {}

  /** The predicted class of every image of the split, in order. */
  public static int[] classes(
      Function<NDArray, NDArray> logits, ImageSplit split, NDManager manager, int batchSize) {
    int[] predicted = new int[split.count()];
    forEachBatch(
        split,
        manager,
        batchSize,
        (from, images) -> {
          int[] batch = logits.apply(images).argMax(1).toType(DataType.INT32, false).toIntArray();
          System.arraycopy(batch, 0, predicted, from, batch.length);
        });
    return predicted;
  }

  /**
   * The logits of every image of the split, row-major: {@code count × classes} values, image {@code
   * i}'s in {@code [i·classes, (i+1)·classes)}.
   */
  public static float[] logits(
      Function<NDArray, NDArray> logits,
      ImageSplit split,
      int classes,
      NDManager manager,
      int batchSize) {
    float[] all = new float[split.count() * classes];
    forEachBatch(
        split,
        manager,
        batchSize,
        (from, images) -> {
          float[] batch = logits.apply(images).toType(DataType.FLOAT32, false).toFloatArray();
          long count = images.getShape().get(0);
          if (batch.length != count * classes) {
            throw new IllegalStateException(
                "the model gave "
                    + batch.length
                    + " logits for "
                    + count
                    + " images of "
                    + classes
                    + " classes");
          }
          System.arraycopy(batch, 0, all, from * classes, batch.length);
        });
    return all;
  }

  /** What is done with one batch: its first image's index in the split, and its images. */
  @FunctionalInterface
  private interface BatchAction {
    void accept(int from, NDArray images);
  }

  /** Runs {@code action} on the split's images in order, each batch in a scope of its own. */
  private static void forEachBatch(
      ImageSplit split, NDManager manager, int batchSize, BatchAction action) {
    int size = split.imageSize();
    for (int from = 0; from < split.count(); from += batchSize) {
      int to = Math.min(from + batchSize, split.count());
      try (NDManager scope = manager.newSubManager()) {
        action.accept(
            from,
            scope.create(
                FloatBuffer.wrap(split.copyImages(from, to)),
                new Shape(to - from, split.channels(), split.height(), split.width())));
      }
    }
  }

  /** The fraction of the split's images classified correctly. */
  public static double accuracy(
      Function<NDArray, NDArray> logits, ImageSplit split, NDManager manager, int batchSize) {
    if (split.count() == 0) {
      return Double.NaN;
    }
    int[] predicted = classes(logits, split, manager, batchSize);
    int correct = 0;
    for (int i = 0; i < predicted.length; i++) {
      if (predicted[i] == split.labels()[i]) {
        correct++;
      }
    }
    return (double) correct / predicted.length;
  }
}
