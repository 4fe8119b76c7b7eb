package dev.distillery.training.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.spi.ImageSplit;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which images a transfer set keeps depends on the pipeline seed, the fraction and the class only:
 * the same for every stage (same images for a distilled and a hard-label student, whatever else
 * they drop), other for another pipeline seed or fraction.
 */
class TransferSetSeedTest {

  /** The positions in the training split of the kept images of a class. */
  private static int[] ofClass(TransferSet set, int classId) {
    int[] kept = set.indices();
    return java.util.stream.IntStream.range(0, kept.length)
        .filter(i -> set.images().labels()[i] == classId)
        .map(i -> kept[i])
        .toArray();
  }

  @Test
  void theSameSeedAndFractionKeepTheSameImages() {
    ImageSplit train = TransferSetStratifiedCountsTest.unevenSplit(5);
    TransferSetOptions options = new TransferSetOptions(List.of(2), 0.1);

    TransferSet first = TransferSet.select(train, options, 4, 42);
    TransferSet second = TransferSet.select(train, new TransferSetOptions(List.of(2), 0.1), 4, 42);

    assertThat(second.indices()).containsExactly(first.indices());
    assertThat(second.reportEntry().get("images-digest"))
        .isEqualTo(first.reportEntry().get("images-digest"));
  }

  @Test
  void aClassKeepsTheSameImagesWhateverOtherClassesAreDropped() {
    ImageSplit train = TransferSetStratifiedCountsTest.unevenSplit(6);

    TransferSet all = TransferSet.select(train, new TransferSetOptions(null, 0.1), 4, 42);
    TransferSet withoutTwo =
        TransferSet.select(train, new TransferSetOptions(List.of(2), 0.1), 4, 42);

    assertThat(ofClass(withoutTwo, 0)).hasSize(20).containsExactly(ofClass(all, 0));
    assertThat(ofClass(withoutTwo, 2)).isEmpty();
    assertThat(withoutTwo.reportEntry().get("images-digest"))
        .isNotEqualTo(all.reportEntry().get("images-digest"));
  }

  @Test
  void anotherPipelineSeedOrFractionKeepsOtherImages() {
    ImageSplit train = TransferSetStratifiedCountsTest.unevenSplit(7);

    TransferSet base = TransferSet.select(train, new TransferSetOptions(null, 0.1), 4, 42);
    TransferSet otherSeed = TransferSet.select(train, new TransferSetOptions(null, 0.1), 4, 43);
    TransferSet otherFraction =
        TransferSet.select(train, new TransferSetOptions(null, 0.11), 4, 42);

    assertThat(otherSeed.used()).containsExactly(base.used());
    assertThat(ofClass(otherSeed, 0)).isNotEqualTo(ofClass(base, 0));
    // 0.11 keeps 22 of class 0, chosen afresh: not the 20 of 0.1 plus two more
    int[] more = ofClass(otherFraction, 0);
    assertThat(more).hasSize(22);
    assertThat(Arrays.stream(ofClass(base, 0)).allMatch(i -> Arrays.binarySearch(more, i) >= 0))
        .isFalse();
  }
}
