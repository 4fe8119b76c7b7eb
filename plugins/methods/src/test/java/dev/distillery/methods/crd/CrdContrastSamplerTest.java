package dev.distillery.methods.crd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.spi.TrainingStep;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The default contrast rows follow RepDistiller's CIFAR100InstanceSample: the own row first (exact)
 * or a row of the same class (relax), then K distinct rows of other classes, with replacement only
 * when there are fewer than K; negatives-from all draws from every row. An image's rows depend only
 * on the epoch and its index, not on its batch.
 */
public class CrdContrastSamplerTest {

  private static final int IMAGES = 60;

  private static int[] labels() {
    int[] labels = new int[IMAGES];
    for (int i = 0; i < IMAGES; i++) {
      labels[i] = i % 4;
    }
    return labels;
  }

  private static int[] row(int[] rows, int b, int width) {
    return Arrays.copyOfRange(rows, b * width, (b + 1) * width);
  }

  @Test
  void exactPositivesAndDistinctNegativesOfOtherClasses() {
    int[] labels = labels();
    CrdContrastSampler sampler = new CrdContrastSampler(labels, false, true, 5);
    int[] batch = {7, 0, 33, 58};
    int k = 40; // 45 images of other classes
    int[] rows = sampler.sample(new TrainingStep(0, 3, batch), k);
    assertThat(rows).hasSize(batch.length * (k + 1));
    for (int b = 0; b < batch.length; b++) {
      int[] r = row(rows, b, k + 1);
      assertThat(r[0]).isEqualTo(batch[b]);
      Set<Integer> negatives = new HashSet<>();
      for (int j = 1; j <= k; j++) {
        assertThat(labels[r[j]]).isNotEqualTo(labels[batch[b]]);
        negatives.add(r[j]);
      }
      assertThat(negatives).hasSize(k);
    }
    // k larger than the 45 other-class images: drawn with replacement, still other classes
    int[] many = sampler.sample(new TrainingStep(0, 3, new int[] {2}), 50);
    assertThat(Arrays.stream(many, 1, 51).map(i -> labels[i])).doesNotContain(labels[2]);
    assertThat(Arrays.stream(many, 1, 51).distinct().count()).isLessThan(50);
  }

  @Test
  void relaxedPositivesShareTheClassAndAllDrawsFromEveryRow() {
    int[] labels = labels();
    CrdContrastSampler relax = new CrdContrastSampler(labels, true, true, 5);
    int[] batch = new int[IMAGES];
    Arrays.setAll(batch, i -> i);
    int[] rows = relax.sample(new TrainingStep(1, 3, batch), 3);
    int others = 0;
    for (int b = 0; b < IMAGES; b++) {
      assertThat(labels[rows[b * 4]]).isEqualTo(labels[b]);
      others += rows[b * 4] != b ? 1 : 0;
    }
    assertThat(others).isGreaterThan(IMAGES / 2);

    CrdContrastSampler all = new CrdContrastSampler(labels, false, false, 5);
    int[] uniform = all.sample(new TrainingStep(0, 3, batch), 20);
    boolean sameClassSeen = false;
    for (int b = 0; b < IMAGES; b++) {
      assertThat(uniform[b * 21]).isEqualTo(b);
      for (int j = 1; j <= 20; j++) {
        assertThat(uniform[b * 21 + j]).isBetween(0, IMAGES - 1);
        sameClassSeen |= labels[uniform[b * 21 + j]] == labels[b];
      }
    }
    assertThat(sameClassSeen).isTrue();
  }

  @Test
  void rowsDependOnEpochAndIndexOnly() {
    int[] labels = labels();
    CrdContrastSampler one = new CrdContrastSampler(labels, false, true, 5);
    CrdContrastSampler other = new CrdContrastSampler(labels, false, true, 5);
    int k = 10;
    int[] a = one.sample(new TrainingStep(2, 3, new int[] {4, 9, 15}), k);
    int[] b = other.sample(new TrainingStep(2, 3, new int[] {15, 4}), k);
    assertThat(row(a, 0, k + 1)).isEqualTo(row(b, 1, k + 1));
    assertThat(row(a, 2, k + 1)).isEqualTo(row(b, 0, k + 1));
    int[] nextEpoch = one.sample(new TrainingStep(1, 3, new int[] {4}), k);
    assertThat(row(nextEpoch, 0, k + 1)).isNotEqualTo(row(a, 0, k + 1));
    int[] otherSeed =
        new CrdContrastSampler(labels, false, true, 6)
            .sample(new TrainingStep(2, 3, new int[] {4}), k);
    assertThat(row(otherSeed, 0, k + 1)).isNotEqualTo(row(a, 0, k + 1));
  }
}
