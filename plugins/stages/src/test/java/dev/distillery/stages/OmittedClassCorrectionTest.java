package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The omitted-class correction chooses the bias of the class on the validation split, by its
 * accuracy, and applies it to the test split: constructed logits of 3 classes where class 2's logit
 * is too low by a known amount.
 */
class OmittedClassCorrectionTest {

  private static final int CLASSES = 3;
  private static final int OMITTED = 2;

  /** Images with given logits and labels, {@code count} of each kind. */
  private static final class Images {
    final List<float[]> logits = new ArrayList<>();
    final List<Integer> labels = new ArrayList<>();

    Images add(int count, int label, float... z) {
      for (int i = 0; i < count; i++) {
        logits.add(z);
        labels.add(label);
      }
      return this;
    }

    float[] logits() {
      float[] all = new float[logits.size() * CLASSES];
      for (int i = 0; i < logits.size(); i++) {
        System.arraycopy(logits.get(i), 0, all, i * CLASSES, CLASSES);
      }
      return all;
    }

    int[] labels() {
      return labels.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  /**
   * Class 2 is 1 below class 0 on its own images (needs b > 1); classes 0 and 1 are 4 and 3 above
   * class 2 on theirs (b must stay below 3): every b in (1, 3) classifies all correctly.
   */
  private static Images validation() {
    return new Images().add(10, 2, 4, 0, 3).add(20, 0, 5, 0, 1).add(20, 1, 0, 5, 2);
  }

  private static OmittedClassCorrection.Result correct(Images validation, Images test) {
    return OmittedClassCorrection.correct(
        validation.logits(),
        validation.labels(),
        test.logits(),
        test.labels(),
        CLASSES,
        OMITTED,
        "two",
        0);
  }

  @Test
  void theBiasRecoversTheOmittedClass() {
    Images test = new Images().add(7, 2, 4, 0, 3).add(11, 0, 5, 0, 1).add(13, 1, 0, 5, 2);

    OmittedClassCorrection.Result result = correct(validation(), test);

    // the smallest grid value past 1 (at exactly 1 class 0 ties and comes first)
    assertThat(result.bias()).isCloseTo(1.05, within(1e-9));
    assertThat(result.testImages()).isEqualTo(7);
    assertThat(result.testClassCorrect()).isZero();
    assertThat(result.testClassAccuracy()).isZero();
    assertThat(result.testAccuracy()).isCloseTo(24 / 31.0, within(1e-12));
    assertThat(result.testClassCorrectAfter()).isEqualTo(7);
    assertThat(result.testClassAccuracyAfter()).isEqualTo(1.0);
    assertThat(result.testAccuracyAfter()).isEqualTo(1.0);
    assertThat(result.validationAccuracy()).isCloseTo(0.8, within(1e-12));
    assertThat(result.validationAccuracyAfter()).isEqualTo(1.0);
    assertThat(result.validationImages()).isEqualTo(50);
    assertThat(result.validationClassImages()).isEqualTo(10);
  }

  @Test
  void theBiasIsChosenOnTheValidationSplitNotOnTheTestSplit() {
    // on the test split class 2 is 2.5 below class 0: only b > 2.5 would recover it there
    Images test = new Images().add(5, 2, 4.5f, 0, 2).add(5, 0, 5, 0, 1).add(5, 1, 0, 5, 2);

    OmittedClassCorrection.Result result = correct(validation(), test);

    assertThat(result.bias()).isCloseTo(1.05, within(1e-9));
    assertThat(result.testClassAccuracyAfter()).isZero();
    assertThat(result.testAccuracyAfter()).isCloseTo(10 / 15.0, within(1e-12));
  }

  @Test
  void aModelThatNeedsNoCorrectionGetsNone() {
    // class 2 is already right; any raise costs class 0 images whose margin is 0.5
    Images validation = new Images().add(10, 2, 1, 0, 3).add(20, 0, 5, 0, 4.5f);

    OmittedClassCorrection.Result result = correct(validation, validation);

    assertThat(result.bias()).isZero();
    assertThat(result.testAccuracyAfter()).isEqualTo(result.testAccuracy()).isEqualTo(1.0);
  }
}
