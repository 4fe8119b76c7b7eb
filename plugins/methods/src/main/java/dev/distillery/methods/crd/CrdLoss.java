package dev.distillery.methods.crd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.distillery.spi.DistillationBatch;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.TrainingStep;
import java.util.List;

/**
 * Contrastive representation distillation (Tian et al. ICLR 2020) as RepDistiller's {@code CRDLoss}
 * with its {@code ContrastMemory}:
 *
 * <pre>
 *   v_s = normalise(E_s(flatten(student feature))),  v_t = normalise(E_t(flatten(teacher feature)))
 *   for image b with contrast rows c_b0 (positive), c_b1..c_bK (negatives), N training images:
 *     P_s[b,j] = exp(⟨M_t[c_bj], v_s[b]⟩ / τ) / Z_s      (student anchor, teacher memory)
 *     P_t[b,j] = exp(⟨M_s[c_bj], v_t[b]⟩ / τ) / Z_t      (teacher anchor, student memory)
 *     Z = N · mean of the first training batch's exponentials, then fixed
 *   h(P) = −1/B · Σ_b [ log(P[b,0] / (P[b,0] + K/N + ε)) + Σ_{j≥1} log((K/N) / (P[b,j] + K/N + ε)) ]
 *   loss = h(P_s) + h(P_t),   ε = 1e−7
 *   then (training only) M_s[y_b] ← normalise(m·M_s[y_b] + (1−m)·v_s[b]), M_t likewise with v_t
 * </pre>
 *
 * <p>E_s and E_t are linear layers followed by L2 normalisation (RepDistiller's {@code Embed}) and
 * train with the student; the memories M and the constants Z live in {@link CrdMemory}, which
 * receives no gradient. y_b is the image's training-split index ({@link
 * TrainingStep#sampleIndices() sampleIndices}), the contrast rows come from a {@link
 * ContrastSampler}.
 */
public final class CrdLoss implements DistillationLoss {

  /** crd/criterion.py {@code eps}. */
  static final float EPS = 1e-7f;

  private final CrdOptions options;
  private final Block studentEmbedding;
  private final Block teacherEmbedding;
  private final CrdMemory memory;
  private final ContrastSampler sampler;

  /**
   * A loss over initialised embeddings (flattened feature size → embed-dim), an initialised memory
   * and a sampler of contrast rows.
   */
  public CrdLoss(
      CrdOptions options,
      Block studentEmbedding,
      Block teacherEmbedding,
      CrdMemory memory,
      ContrastSampler sampler) {
    if (memory.embedDim() != options.embedDim()) {
      throw new IllegalArgumentException(
          "crd: memory rows of " + memory.embedDim() + " for embed-dim " + options.embedDim());
    }
    this.options = options;
    this.studentEmbedding = studentEmbedding;
    this.teacherEmbedding = teacherEmbedding;
    this.memory = memory;
    this.sampler = sampler;
  }

  @Override
  public String name() {
    return "crd";
  }

  /** The student's embedding E_s (RepDistiller's {@code embed_s}). */
  public Block studentEmbedding() {
    return studentEmbedding;
  }

  /** The teacher's embedding E_t (RepDistiller's {@code embed_t}). */
  public Block teacherEmbedding() {
    return teacherEmbedding;
  }

  /** The memories and the constants Z. */
  public CrdMemory memory() {
    return memory;
  }

  /**
   * Both embeddings, and the memory: its parameters require no gradient, so the optimizer skips
   * them, but checkpoints save and restore them (see {@link CrdMemory}).
   */
  @Override
  public List<Block> trainableBlocks() {
    return List.of(studentEmbedding, teacherEmbedding, memory);
  }

  @Override
  public NDArray compute(DistillationBatch batch) {
    return compute(
        batch.studentFeature(options.studentFeature()),
        batch.teacherFeature(options.teacherFeature()),
        batch.step(),
        batch.training());
  }

  /**
   * The loss for student features (with gradient) and teacher features, both (batch, ...), of the
   * training images {@code step.sampleIndices()}; when training, the constants Z are set on the
   * first call and the memory rows of the batch's images are updated.
   */
  public NDArray compute(
      NDArray studentFeature, NDArray teacherFeature, TrainingStep step, boolean training) {
    int batchSize = (int) studentFeature.getShape().get(0);
    int[] indices = step.sampleIndices();
    checkIndices(indices, batchSize, teacherFeature.getShape().get(0));
    int negatives = options.negatives();
    int width = negatives + 1;
    int[] contrast = sampler.sample(step, negatives);
    checkContrast(contrast, batchSize, width);

    NDManager scope = studentFeature.getManager();
    NDArray studentEmbedded = embed(studentEmbedding, studentFeature);
    NDArray teacherEmbedded = embed(teacherEmbedding, teacherFeature.stopGradient());
    NDArray rows = scope.create(toLongs(contrast));
    float temperature = options.temperature().floatValue();
    // out_v1: student anchor against the teacher memory; out_v2: teacher anchor, student memory.
    NDArray studentAnchored =
        similarities(memory.teacherMemory(), rows, studentEmbedded, batchSize, width, temperature);
    NDArray teacherAnchored =
        similarities(memory.studentMemory(), rows, teacherEmbedded, batchSize, width, temperature);

    float[] z = memory.normalizerValues();
    boolean unset = z[0] < 0 || z[1] < 0;
    if (z[0] < 0) {
      z[0] = studentAnchored.mean().getFloat() * memory.images();
    }
    if (z[1] < 0) {
      z[1] = teacherAnchored.mean().getFloat() * memory.images();
    }
    if (unset && training) {
      memory.setNormalizers(z[0], z[1]);
    }

    float noise = (float) negatives / memory.images();
    NDArray loss =
        contrastLoss(studentAnchored.div(scalar(scope, z[0])), noise)
            .add(contrastLoss(teacherAnchored.div(scalar(scope, z[1])), noise));

    if (training) {
      NDArray own = scope.create(toLongs(indices));
      float momentum = options.momentum().floatValue();
      CrdMemory.update(memory.studentMemory(), own, studentEmbedded, momentum);
      CrdMemory.update(memory.teacherMemory(), own, teacherEmbedded, momentum);
    }
    return loss;
  }

  /** exp(⟨memory[rows], anchor⟩ / τ), shape (B, K+1). */
  private static NDArray similarities(
      ai.djl.nn.Parameter bank,
      NDArray rows,
      NDArray anchor,
      int batchSize,
      int width,
      float temperature) {
    NDArray weights = CrdMemory.rows(bank, rows, anchor.getManager()).reshape(batchSize, width, -1);
    long dim = weights.getShape().get(2);
    return weights
        .batchMatMul(anchor.reshape(batchSize, dim, 1))
        .reshape(batchSize, width)
        .div(scalar(anchor.getManager(), temperature))
        .exp();
  }

  /** ContrastLoss of crd/criterion.py on P (B, K+1); noise = K·Pn = K/N. */
  private static NDArray contrastLoss(NDArray p, float noise) {
    NDManager manager = p.getManager();
    long batchSize = p.getShape().get(0);
    NDArray offset = scalar(manager, noise + EPS);
    NDArray positive = p.get(":, 0");
    NDArray logD1 = positive.div(positive.add(offset)).log();
    NDArray negative = p.get(":, 1:");
    NDArray logD0 = scalar(manager, noise).div(negative.add(offset)).log();
    return logD1.sum().add(logD0.sum()).neg().div(scalar(manager, batchSize));
  }

  /**
   * A float32 scalar that lives in {@code manager} (the step's scope). Arithmetic with a Java
   * number ({@code x.div(0.07f)}) is avoided on arrays that carry gradients: DJL's PyTorch engine
   * makes the number a tensor over a direct buffer and closes it right after the operation, while
   * autograd keeps that tensor for the backward pass, which then reads freed memory once a garbage
   * collection has run (measured: gradients of 2e-38 instead of 3 for {@code x.mul(3f)}).
   */
  private static NDArray scalar(NDManager manager, float value) {
    return manager.create(value);
  }

  private static NDArray embed(Block embedding, NDArray feature) {
    NDArray flat = feature.reshape(feature.getShape().get(0), -1);
    ParameterStore parameters = new ParameterStore(flat.getManager(), false);
    NDArray embedded = embedding.forward(parameters, new NDList(flat), true).singletonOrThrow();
    // crd/criterion.py Normalize(2): x / (Σ x²)^½ per row, no epsilon.
    return embedded.div(embedded.square().sum(new int[] {1}, true).sqrt());
  }

  private void checkIndices(int[] indices, int batchSize, long teacherBatch) {
    if (teacherBatch != batchSize) {
      throw new IllegalArgumentException(
          "crd: student batch of " + batchSize + " and teacher batch of " + teacherBatch);
    }
    if (indices.length != batchSize) {
      throw new IllegalArgumentException(
          "crd: " + indices.length + " sample indices for a batch of " + batchSize);
    }
    for (int index : indices) {
      if (index < 0 || index >= memory.images()) {
        throw new IllegalArgumentException(
            "crd needs the training-split index of every image of the batch (its memory row),"
                + " got "
                + index
                + " for a memory of "
                + memory.images()
                + " rows; batches outside training carry none");
      }
    }
  }

  private void checkContrast(int[] contrast, int batchSize, int width) {
    if (contrast.length != batchSize * width) {
      throw new IllegalArgumentException(
          "crd: the sampler gave "
              + contrast.length
              + " contrast rows, expected "
              + batchSize
              + " × "
              + width);
    }
    for (int row : contrast) {
      if (row < 0 || row >= memory.images()) {
        throw new IllegalArgumentException(
            "crd: contrast row " + row + " outside the memory of " + memory.images());
      }
    }
  }

  private static long[] toLongs(int[] values) {
    long[] out = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
