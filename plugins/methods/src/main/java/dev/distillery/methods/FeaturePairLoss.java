package dev.distillery.methods;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import dev.distillery.spi.DistillationBatch;
import dev.distillery.spi.DistillationLoss;
import java.util.List;

/**
 * The shape of a loss over pairs of feature points: the i-th student feature point is compared with
 * the i-th teacher feature point, and the per-pair terms are summed in order,
 *
 * <pre>
 *   loss = Σ_i term_i(s_i, t_i)        s_i = student feature i, t_i = teacher feature i (detached)
 * </pre>
 *
 * as RepDistiller's training loop sums its per-layer losses. A method keeps its own formula in
 * {@link #pairTerm}; this class reads the feature points from the batch, detaches the teacher's,
 * and sums. A method that scales the sum (e.g. by 1/B) overrides {@link #compute} and scales {@code
 * super.compute(batch)}. Used by at and nst (which align the two maps spatially first, {@link
 * SpatialAlignment}) and, through {@link ConnectedFeatureLoss}, by the methods with trainable
 * connectors.
 */
public abstract class FeaturePairLoss implements DistillationLoss {

  private final String name;
  private final List<String> studentFeatures;
  private final List<String> teacherFeatures;

  /**
   * A loss named {@code name} (the method id) over the pairs {@code (studentFeatures[i],
   * teacherFeatures[i])}; the lists must be non-empty and of the same length (the options records
   * check that for the user, see {@link FeaturePointPairs}).
   */
  protected FeaturePairLoss(
      String name, List<String> studentFeatures, List<String> teacherFeatures) {
    this.name = requireNonNull(name, "name is null");
    requireNonNull(studentFeatures, "studentFeatures is null");
    requireNonNull(teacherFeatures, "teacherFeatures is null");
    if (studentFeatures.isEmpty() || studentFeatures.size() != teacherFeatures.size()) {
      throw new IllegalArgumentException(
          name
              + ": student features "
              + studentFeatures
              + " and teacher features "
              + teacherFeatures
              + " do not pair up one by one");
    }
    this.studentFeatures = List.copyOf(studentFeatures);
    this.teacherFeatures = List.copyOf(teacherFeatures);
  }

  @Override
  public final String name() {
    return name;
  }

  /** The student feature points, one per pair, in order. */
  public final List<String> studentFeatures() {
    return studentFeatures;
  }

  /** The teacher feature points, one per pair, in order. */
  public final List<String> teacherFeatures() {
    return teacherFeatures;
  }

  /** The number of pairs. */
  public final int pairCount() {
    return studentFeatures.size();
  }

  /** The sum of {@link #pairTerm} over the pairs, in order; no gradient flows into the teacher. */
  @Override
  public NDArray compute(DistillationBatch batch) {
    NDArray total = null;
    for (int i = 0; i < pairCount(); i++) {
      NDArray term =
          pairTerm(
              i,
              batch.studentFeature(studentFeatures.get(i)),
              batch.teacherFeature(teacherFeatures.get(i)).stopGradient(),
              batch.training());
      total = total == null ? term : total.add(term);
    }
    return total;
  }

  /**
   * The term of pair {@code pair} (0-based): {@code student} (B, ...) with gradient, {@code
   * teacher} (B, ...) detached; {@code training} tells whether the stage is training (batch
   * statistics of any BatchNorm) or validating (running statistics).
   */
  protected abstract NDArray pairTerm(int pair, NDArray student, NDArray teacher, boolean training);
}
