package dev.distillery.training.data;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.distillery.spi.ImageSplit;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Augmented batches depend only on (seed, epoch, image index): rebuilding a batch, or building the
 * second half of an epoch as a resumed run does (other batch boundaries, another assembler), gives
 * the same values; another epoch gives other values.
 */
class AugmentedBatchDeterminismTest {

  @Test
  void resumedBatchesMatch() {
    SplittableRandom random = new SplittableRandom(5);
    int count = 12;
    float[] pixels = new float[count * 3 * 8 * 8];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) random.nextDouble();
    }
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = i % 10;
    }
    ImageSplit split = new ImageSplit(pixels, labels, 3, 8, 8);
    Augmentation augmentation = new Augmentation(new AugmentationOptions(2, true));
    int[] order = EpochOrder.permutation(11, 2, count);

    try (NDManager manager = NDManager.newBaseManager()) {
      NDList whole = Batches.batch(manager, split, order, 0, count, augmentation, 11, 2);
      assertThat(whole.get(0).getShape()).isEqualTo(new Shape(count, 3, 8, 8));
      assertThat(whole.get(0).getDataType()).isEqualTo(DataType.FLOAT32);
      assertThat(whole.get(1).getShape()).isEqualTo(new Shape(count));
      assertThat(whole.get(1).getDataType()).isEqualTo(DataType.INT32);
      float[] all = whole.get(0).toFloatArray();

      NDList again = Batches.batch(manager, split, order, 0, count, augmentation, 11, 2);
      assertThat(again.get(0).toFloatArray()).containsExactly(all);

      NDList resumed = new Batches().assemble(manager, split, order, 5, count, augmentation, 11, 2);
      float[] tail = resumed.get(0).toFloatArray();
      float[] expectedTail = java.util.Arrays.copyOfRange(all, 5 * 3 * 64, count * 3 * 64);
      assertThat(tail).containsExactly(expectedTail);
      int[] expectedLabels = new int[count - 5];
      for (int b = 5; b < count; b++) {
        expectedLabels[b - 5] = labels[order[b]];
      }
      assertThat(resumed.get(1).toIntArray()).containsExactly(expectedLabels);

      NDList otherEpoch = Batches.batch(manager, split, order, 0, count, augmentation, 11, 3);
      assertThat(otherEpoch.get(0).toFloatArray()).isNotEqualTo(all);

      NDList plain = Batches.batch(manager, split, order, 0, 1, null, 11, 2);
      float[] first = java.util.Arrays.copyOfRange(pixels, order[0] * 192, order[0] * 192 + 192);
      assertThat(plain.get(0).toFloatArray()).containsExactly(first);
    }
  }
}
