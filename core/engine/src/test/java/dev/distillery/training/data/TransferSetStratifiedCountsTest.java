package dev.distillery.training.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.spi.ImageSplit;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A transfer set keeps {@code max(1, round(fraction · n_c))} images of each kept class and none of
 * a dropped one; the kept images are the training split's images at the reported positions, in
 * their order.
 */
class TransferSetStratifiedCountsTest {

  /** 4 classes of 200, 100, 40 and 10 images, shuffled; image i's one pixel holds i. */
  static ImageSplit unevenSplit(long seed) {
    int[] sizes = {200, 100, 40, 10};
    int[] labels = new int[Arrays.stream(sizes).sum()];
    int at = 0;
    for (int c = 0; c < sizes.length; c++) {
      for (int i = 0; i < sizes[c]; i++) {
        labels[at++] = c;
      }
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = labels.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = labels[i];
      labels[i] = labels[j];
      labels[j] = swap;
    }
    float[] images = new float[labels.length];
    for (int i = 0; i < images.length; i++) {
      images[i] = i;
    }
    return new ImageSplit(images, labels, 1, 1, 1);
  }

  @Test
  void eachKeptClassKeepsItsShareAndADroppedClassNone() {
    ImageSplit train = unevenSplit(1);
    TransferSet set = TransferSet.select(train, new TransferSetOptions(List.of(1), 0.03), 4, 42);

    // round(0.03 · 200) = 6; class 1 dropped; round(0.03 · 40) = 1; round(0.03 · 10) = 0 → 1
    assertThat(set.available()).containsExactly(200, 100, 40, 10);
    assertThat(set.used()).containsExactly(6, 0, 1, 1);
    assertThat(set.count()).isEqualTo(8);
    assertThat(set.images().labels()).doesNotContain(1);
    int[] perClass = new int[4];
    for (int label : set.images().labels()) {
      perClass[label]++;
    }
    assertThat(perClass).containsExactly(6, 0, 1, 1);
  }

  @Test
  void theKeptImagesAreTheSplitsImagesAtTheReportedPositionsInOrder() {
    ImageSplit train = unevenSplit(2);
    TransferSet set = TransferSet.select(train, new TransferSetOptions(null, 0.25), 4, 7);

    assertThat(set.indices()).isSorted().doesNotHaveDuplicates();
    assertThat(set.used()).containsExactly(50, 25, 10, 3); // round(2.5) = 3
    for (int i = 0; i < set.count(); i++) {
      int position = set.indices()[i];
      assertThat(set.images().toArray()[i]).isEqualTo((float) position);
      assertThat(set.images().labels()[i]).isEqualTo(train.labels()[position]);
    }
  }

  @Test
  void droppingAClassAtFractionOneKeepsEveryOtherImage() {
    ImageSplit train = unevenSplit(3);
    TransferSet set = TransferSet.select(train, new TransferSetOptions(List.of(0, 3), null), 4, 7);

    assertThat(set.used()).containsExactly(0, 100, 40, 0);
    assertThat(set.images().labels()).containsOnly(1, 2).hasSize(140);
    assertThat(set.reportEntry())
        .containsEntry("images", 140)
        .containsEntry("of", 350)
        .containsEntry("per-class", List.of(0, 100, 40, 0))
        .containsEntry("drop-classes", List.of(0, 3))
        .containsEntry("fraction", 1.0);
  }

  @Test
  void noOptionsKeepTheSplitItself() {
    ImageSplit train = unevenSplit(4);
    TransferSet set = TransferSet.select(train, null, 4, 7);

    assertThat(set.images()).isSameAs(train);
    assertThat(set.used()).containsExactly(200, 100, 40, 10);
  }
}
