package dev.distillery.methods.pkt;

import ai.djl.ndarray.NDArray;
import dev.distillery.spi.DistillationBatch;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.Scalars;

/**
 * Probabilistic knowledge transfer (Passalis & Tefas, ECCV 2018) with the cosine kernel, as
 * RepDistiller's {@code PKT}: for features viewed as (B, D) vectors,
 *
 * <pre>
 *   x̂ = x / (‖x‖₂ + ε),  K = (x̂ x̂ᵀ + 1) / 2,  P = K / row sums of K      (ε = 1e-7)
 *   loss = mean_{i,j} P_t,ij · log((P_t,ij + ε) / (P_s,ij + ε))
 * </pre>
 *
 * <p>A KL divergence between the conditional probabilities of the teacher's and the student's
 * neighbourhoods in the batch, averaged over all B² entries; the dimensions D may differ.
 */
public final class PktLoss implements DistillationLoss {

  /** The reference's eps, in the norms and in the logarithm. */
  static final float EPS = 1e-7f;

  private final String studentFeature;
  private final String teacherFeature;

  public PktLoss(PktOptions options) {
    this.studentFeature = options.studentFeature();
    this.teacherFeature = options.teacherFeature();
  }

  @Override
  public String name() {
    return "pkt";
  }

  @Override
  public NDArray compute(DistillationBatch batch) {
    return compute(batch.studentFeature(studentFeature), batch.teacherFeature(teacherFeature));
  }

  /**
   * The loss for a student and a teacher feature of the same batch; the teacher gets no gradient.
   */
  public NDArray compute(NDArray student, NDArray teacher) {
    NDArray studentProbabilities = conditionalProbabilities(student);
    NDArray teacherProbabilities = conditionalProbabilities(teacher.stopGradient());
    return teacherProbabilities
        .mul(teacherProbabilities.add(EPS).div(studentProbabilities.add(EPS)).log())
        .mean();
  }

  private static NDArray conditionalProbabilities(NDArray feature) {
    NDArray x = feature.reshape(feature.getShape().get(0), -1);
    NDArray norm = x.square().sum(new int[] {1}, true).sqrt();
    NDArray unit = x.div(norm.add(EPS));
    NDArray similarity = Scalars.divided(unit.matMul(unit.transpose()).add(1f), 2f);
    return similarity.div(similarity.sum(new int[] {1}, true));
  }
}
