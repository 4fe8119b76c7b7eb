package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistakes in {@code transfer-set} and {@code omitted-class} are refused before anything runs, each
 * at the line and column of the option, saying what is allowed: a fraction outside (0, 1], a
 * negative class id; and, once the data is loaded, a class the dataset does not have, every class
 * dropped, and an omitted class that the validation split cannot choose a bias for.
 */
class TransferSetBadInputTest {

  private static String run(Path directory, String dataset, String stages) throws Exception {
    String pipeline =
        """
        pipeline: transfer-set-mistakes
        device: cpu
        dataset: {name: synthetic, %s}
        stages:
          teacher: {uses: train, with: {model: lenet5-half, epochs: 1}}
        """
            .formatted(dataset);
    String text = TinyPipelines.refusedRun(directory, pipeline + stages);
    assertThat(text).doesNotContain("Exception").doesNotContain("\tat ");
    return text;
  }

  @Test
  void aFractionOutsideZeroToOneAndANegativeClassAreLocated(@TempDir Path directory)
      throws Exception {
    String err =
        run(
            directory,
            "validation: 0.25, with: {train-size: 64, test-size: 16}",
            """
              a: {uses: train, with: {model: lenet5-half, transfer-set: {fraction: 1.5}}}
              b:
                uses: distill
                needs: [teacher]
                with:
                  teacher: teacher
                  student: lenet5-half
                  transfer-set: {drop-classes: [3, -2], fraction: 0}
              c: {uses: evaluate, needs: [a], with: {omitted-class: -1}}
            """);
    assertThat(err)
        .contains(
            "FILE:6:72: option 'transfer-set.fraction' of stage 'a': transfer-set.fraction must be"
                + " in (0, 1]: the share of each kept class's training images to train on, e.g."
                + " 0.03 for 3 % or 1 for all of them; got 1.5")
        .contains(
            "FILE:13:40: option 'transfer-set.drop-classes[1]' of stage 'b':"
                + " transfer-set.drop-classes[1] is -2, not a class of the dataset: class ids are"
                + " 0, 1, ... up to the dataset's class count less one")
        .contains(
            "FILE:13:55: option 'transfer-set.fraction' of stage 'b': transfer-set.fraction must"
                + " be in (0, 1]: the share of each kept class's training images to train on, e.g."
                + " 0.03 for 3 % or 1 for all of them; got 0.0")
        .contains(
            "FILE:14:57: option 'omitted-class' of stage 'c': omitted-class must be a class id of"
                + " the dataset (0 to its class count less one), got -1");
  }

  @Test
  void classesTheDatasetLacksAndDroppingEveryClassAreLocatedOnceTheDataIsKnown(
      @TempDir Path directory) throws Exception {
    String err =
        run(
            directory,
            "validation: 0.25, with: {classes: 3, train-size: 64, test-size: 16}",
            """
              a: {uses: train, with: {model: lenet5-half, transfer-set: {drop-classes: [0, 1, 2]}}}
              b:
                uses: distill
                needs: [teacher]
                with: {teacher: teacher, student: lenet5-half, transfer-set: {drop-classes: [1, 3]}}
              c: {uses: evaluate, needs: [a, b], with: {omitted-class: 3}}
            """);
    assertThat(err)
        .contains(
            "FILE:6:76: stage 'a': transfer-set.drop-classes leaves out every class of the dataset"
                + " (3 classes, ids 0 to 2), so nothing is left to train on; keep at least one"
                + " class")
        .contains(
            "FILE:10:85: stage 'b': transfer-set.drop-classes[1] is 3, not a class of the"
                + " dataset: the dataset has 3 classes, ids 0 to 2")
        .contains(
            "FILE:11:60: stage 'c': omitted-class is 3, but the dataset has 3 classes: ids 0 to"
                + " 2")
        .contains("nothing was run");
  }

  @Test
  void anOmittedClassNeedsValidationImagesToChooseTheBiasOn(@TempDir Path directory)
      throws Exception {
    String err =
        run(
            directory,
            "validation: 0.0, with: {train-size: 64, test-size: 16}",
            """
              c: {uses: evaluate, needs: [teacher], with: {omitted-class: 3}}
            """);
    assertThat(err)
        .contains(
            "FILE:6:63: stage 'c': omitted-class chooses the bias of class 3 on the validation"
                + " split, and the pipeline holds out no validation images: set"
                + " dataset.validation, e.g. 0.1 (the test split never chooses it)");
  }
}
