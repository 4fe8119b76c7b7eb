package dev.distillery.methods.cc;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.distillery.spi.DistillationBatch;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.Scalars;
import java.util.List;

/**
 * Correlation congruence (Peng et al. ICCV 2019) as RepDistiller's {@code Correlation} on trainable
 * linear embeddings of the student's and the teacher's features:
 *
 * <pre>
 *   f_s = E_s(flatten(student feature)),  f_t = E_t(flatten(teacher feature))   (B, embed-dim)
 *   δ = |f_s − f_t|
 *   loss = 1/(B−1) · Σ_{b=0}^{B−2} Σ_k δ_{b,k} · δ_{b+1,k}
 * </pre>
 *
 * <p>E_s and E_t are linear layers (RepDistiller's {@code LinearEmbed}), optionally followed by L2
 * normalisation ({@code Embed}); both train with the student ({@link #trainableBlocks()}). The
 * teacher feature arrives detached; the teacher embedding still receives gradients, as in the
 * reference.
 */
public final class CcLoss implements DistillationLoss {

  private final CcOptions options;
  private final Block studentEmbedding;
  private final Block teacherEmbedding;

  /**
   * A loss over the given embeddings (initialised linear blocks from flattened feature size to
   * embed-dim).
   */
  public CcLoss(CcOptions options, Block studentEmbedding, Block teacherEmbedding) {
    this.options = options;
    this.studentEmbedding = studentEmbedding;
    this.teacherEmbedding = teacherEmbedding;
  }

  @Override
  public String name() {
    return "cc";
  }

  /** The student's embedding E_s (RepDistiller's {@code embed_s}). */
  public Block studentEmbedding() {
    return studentEmbedding;
  }

  /** The teacher's embedding E_t (RepDistiller's {@code embed_t}). */
  public Block teacherEmbedding() {
    return teacherEmbedding;
  }

  @Override
  public List<Block> trainableBlocks() {
    return List.of(studentEmbedding, teacherEmbedding);
  }

  @Override
  public NDArray compute(DistillationBatch batch) {
    return compute(
        batch.studentFeature(options.studentFeature()),
        batch.teacherFeature(options.teacherFeature()));
  }

  /**
   * The loss for student features (with gradient) and teacher features, both (batch, ...). A batch
   * of one image has no neighbours: the loss is then 0 (the reference gives NaN).
   */
  public NDArray compute(NDArray studentFeature, NDArray teacherFeature) {
    long batchSize = studentFeature.getShape().get(0);
    if (teacherFeature.getShape().get(0) != batchSize) {
      throw new IllegalArgumentException(
          "cc: student batch "
              + studentFeature.getShape()
              + " and teacher batch "
              + teacherFeature.getShape()
              + " differ in size");
    }
    NDArray student = embed(studentEmbedding, studentFeature);
    if (batchSize < 2) {
      return Scalars.times(student.sum(), 0f);
    }
    NDArray teacher = embed(teacherEmbedding, teacherFeature.stopGradient());
    NDArray delta = student.sub(teacher).abs();
    return delta.get("0:-1").mul(delta.get("1:")).sum(new int[] {1}).mean();
  }

  private NDArray embed(Block embedding, NDArray feature) {
    NDArray flat = feature.reshape(feature.getShape().get(0), -1);
    ParameterStore parameters = new ParameterStore(flat.getManager(), false);
    NDArray embedded = embedding.forward(parameters, new NDList(flat), true).singletonOrThrow();
    if (!options.l2Normalize()) {
      return embedded;
    }
    // models/util.py Normalize(2): x / (Σ x²)^½ per row, no epsilon.
    return embedded.div(embedded.square().sum(new int[] {1}, true).sqrt());
  }
}
