package dev.distillery.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.spi.ImageSplit;
import dev.distillery.spi.StageOptionProblems;
import dev.distillery.spi.UserException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Transfer-set options that cannot work are named at their option with what is allowed: a fraction
 * outside (0, 1], class ids that are negative, past the dataset's classes or listed twice, every
 * class dropped; and a set that keeps no image is refused when chosen.
 */
class TransferSetOptionProblemsTest {

  private static List<String> problems(TransferSetOptions options, int classes) {
    return options.problems(classes).stream().map(p -> p.option() + ": " + p.message()).toList();
  }

  @Test
  void aFractionOutsideZeroToOneIsNamedWithTheRange() {
    for (double fraction : new double[] {0, -0.5, 1.5, Double.NaN}) {
      assertThat(problems(new TransferSetOptions(null, fraction), 0))
          .singleElement()
          .asString()
          .startsWith("fraction: transfer-set.fraction must be in (0, 1]")
          .contains("e.g. 0.03 for 3 % or 1 for all of them")
          .endsWith("got " + fraction);
    }
    assertThat(problems(new TransferSetOptions(null, 1.0), 0)).isEmpty();
    assertThat(problems(new TransferSetOptions(null, 1e-6), 0)).isEmpty();
  }

  @Test
  void classIdsMustBeTheDatasetsAndListedOnce() {
    assertThat(problems(new TransferSetOptions(Arrays.asList(3, -1, null, 3), null), 0))
        .containsExactly(
            "drop-classes/1: transfer-set.drop-classes[1] is -1, not a class of the dataset: class"
                + " ids are 0, 1, ... up to the dataset's class count less one",
            "drop-classes/2: transfer-set.drop-classes[2] is null, not a class of the dataset:"
                + " class ids are 0, 1, ... up to the dataset's class count less one",
            "drop-classes/3: transfer-set.drop-classes lists class 3 more than once; list each"
                + " class to leave out once");
    assertThat(problems(new TransferSetOptions(List.of(3, 10), null), 10))
        .containsExactly(
            "drop-classes/1: transfer-set.drop-classes[1] is 10, not a class of the dataset: the"
                + " dataset has 10 classes, ids 0 to 9");
    // without the class count, 10 may be a class
    assertThat(problems(new TransferSetOptions(List.of(3, 10), null), 0)).isEmpty();
  }

  @Test
  void droppingEveryClassIsRefused() {
    assertThat(problems(new TransferSetOptions(List.of(2, 0, 1), 0.5), 3))
        .containsExactly(
            "drop-classes: transfer-set.drop-classes leaves out every class of the dataset (3"
                + " classes, ids 0 to 2), so nothing is left to train on; keep at least one"
                + " class");
    assertThat(problems(new TransferSetOptions(List.of(2, 0), 0.5), 3)).isEmpty();
  }

  @Test
  void choosingRefusesBadOptionsAndAnEmptySet() {
    ImageSplit onlyClassOne = new ImageSplit(new float[3], new int[] {1, 1, 1}, 1, 1, 1);

    assertThatThrownBy(
            () -> TransferSet.select(onlyClassOne, new TransferSetOptions(List.of(1), null), 3, 1))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "the transfer set is empty: the training split's 3 images are all of classes that"
                + " transfer-set.drop-classes [1] leaves out (images per class: [0, 3, 0]); keep"
                + " a class the training split has images of");
    assertThatThrownBy(
            () -> TransferSet.select(onlyClassOne, new TransferSetOptions(null, 2.0), 3, 1))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith("transfer-set.fraction must be in (0, 1]");
    assertThatThrownBy(
            () -> TransferSet.select(onlyClassOne, new TransferSetOptions(List.of(5), null), 3, 1))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("the dataset has 3 classes, ids 0 to 2")
        .isNotInstanceOf(StageOptionProblems.class);
  }
}
