package dev.distillery.training.data;

import dev.distillery.spi.StageOptionProblems;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which of the training images a training stage learns from, when not all of them: the images of
 * some classes left out, and a seeded share of each remaining class (Hinton et al. 2015, the
 * omitted-class and small-transfer-set experiments). Only the stage's training split changes; the
 * validation and test splits stay whole. See {@link TransferSet} for how images are chosen.
 *
 * <pre>
 * transfer-set: {drop-classes: [3], fraction: 0.03}
 * </pre>
 *
 * @param dropClasses class ids whose training images are all left out (default none)
 * @param fraction share of each kept class's training images to train on, in (0, 1] (default 1: all
 *     of them)
 */
public record TransferSetOptions(List<Integer> dropClasses, Double fraction) {

  public TransferSetOptions {
    // a copy that keeps null entries, so that validation can point at them
    dropClasses =
        dropClasses == null
            ? List.of()
            : Collections.unmodifiableList(new ArrayList<>(dropClasses));
    fraction = fraction == null ? 1.0 : fraction;
  }

  /** All training images: no class dropped, fraction 1. */
  public static TransferSetOptions everything() {
    return new TransferSetOptions(List.of(), 1.0);
  }

  /** Whether these options keep every training image. */
  public boolean keepsEverything() {
    return dropClasses.isEmpty() && fraction == 1.0;
  }

  /** Whether class {@code classId} is dropped. */
  public boolean drops(int classId) {
    return dropClasses.contains(classId);
  }

  /**
   * The mistakes in these options, each at an option path relative to the {@code transfer-set} node
   * ({@code fraction}, {@code drop-classes/1}, ...).
   *
   * @param classes the dataset's class count, or 0 when it is not known yet (class ids are then
   *     only checked to be non-negative and listed once)
   */
  public List<StageOptionProblems.Problem> problems(int classes) {
    List<StageOptionProblems.Problem> problems = new ArrayList<>();
    double f = fraction;
    if (!(f > 0 && f <= 1)) {
      problems.add(
          new StageOptionProblems.Problem(
              "fraction",
              "transfer-set.fraction must be in (0, 1]: the share of each kept class's training"
                  + " images to train on, e.g. 0.03 for 3 % or 1 for all of them; got "
                  + f));
    }
    String allowed =
        classes > 0
            ? "the dataset has " + classes + " classes, ids 0 to " + (classes - 1)
            : "class ids are 0, 1, ... up to the dataset's class count less one";
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < dropClasses.size(); i++) {
      Integer id = dropClasses.get(i);
      String path = "drop-classes/" + i;
      if (id == null || id < 0 || (classes > 0 && id >= classes)) {
        problems.add(
            new StageOptionProblems.Problem(
                path,
                "transfer-set.drop-classes["
                    + i
                    + "] is "
                    + id
                    + ", not a class of the dataset: "
                    + allowed));
      } else if (!seen.add(id)) {
        problems.add(
            new StageOptionProblems.Problem(
                path,
                "transfer-set.drop-classes lists class "
                    + id
                    + " more than once; list each class to leave out once"));
      }
    }
    if (classes > 0 && problems.isEmpty() && seen.size() >= classes) {
      problems.add(
          new StageOptionProblems.Problem(
              "drop-classes",
              "transfer-set.drop-classes leaves out every class of the dataset ("
                  + classes
                  + " classes, ids 0 to "
                  + (classes - 1)
                  + "), so nothing is left to train on; keep at least one class"));
    }
    return problems;
  }
}
