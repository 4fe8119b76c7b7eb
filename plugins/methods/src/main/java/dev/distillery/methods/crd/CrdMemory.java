package dev.distillery.methods.crd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;

/**
 * The memory of RepDistiller's {@code ContrastMemory}: one row per training image for the student's
 * embeddings ({@code memory_v1}) and one for the teacher's ({@code memory_v2}), and the two
 * normalisation constants Z ({@code params[2]}, {@code params[3]}), −1 until the first training
 * batch sets them.
 *
 * <p>All three are parameters that require no gradient: the optimizer leaves them alone (it only
 * updates parameters that require gradients), but because the block is among the loss's {@link
 * CrdLoss#trainableBlocks()} the stage's checkpoints save and restore them with the embeddings, so
 * a resumed stage continues from the memory and Z it had. The memories start uniform in
 * ±1/√(embed-dim/3), as the reference; rows are L2-normalised as they are updated. The block has no
 * forward pass.
 */
public final class CrdMemory extends AbstractBlock {

  private final Parameter studentMemory;
  private final Parameter teacherMemory;
  private final Parameter normalizers;
  private final int images;
  private final int embedDim;
  private NDArray cachedNormalizerArray;
  private float[] cachedNormalizers;

  /** A memory of {@code images} rows of {@code embedDim} for each side; initialise before use. */
  public CrdMemory(int images, int embedDim) {
    this.images = images;
    this.embedDim = embedDim;
    float bound = (float) (1 / Math.sqrt(embedDim / 3.0));
    studentMemory = addParameter(bank("memory_student", images, embedDim, bound));
    teacherMemory = addParameter(bank("memory_teacher", images, embedDim, bound));
    normalizers =
        addParameter(
            Parameter.builder()
                .setName("normalizers")
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(2))
                .optRequiresGrad(false)
                .optInitializer(new ConstantInitializer(-1f))
                .build());
  }

  private static Parameter bank(String name, int rows, int columns, float bound) {
    return Parameter.builder()
        .setName(name)
        .setType(Parameter.Type.OTHER)
        .optShape(new Shape(rows, columns))
        .optRequiresGrad(false)
        .optInitializer(new UniformInitializer(bound))
        .build();
  }

  /** The rows of the student's embeddings, (images, embed-dim): RepDistiller's memory_v1. */
  public Parameter studentMemory() {
    return studentMemory;
  }

  /** The rows of the teacher's embeddings, (images, embed-dim): RepDistiller's memory_v2. */
  public Parameter teacherMemory() {
    return teacherMemory;
  }

  /**
   * Z of the student-anchored and of the teacher-anchored similarities (RepDistiller's Z_v1, Z_v2),
   * shape (2); negative until set.
   */
  public Parameter normalizers() {
    return normalizers;
  }

  /** The number of rows (training images). */
  public int images() {
    return images;
  }

  /** The size of a row. */
  public int embedDim() {
    return embedDim;
  }

  /** The current constants Z (a copy; read from the device only when the array changed). */
  float[] normalizerValues() {
    NDArray array = normalizers.getArray();
    if (array != cachedNormalizerArray || cachedNormalizers == null) {
      cachedNormalizers = array.toFloatArray();
      cachedNormalizerArray = array;
    }
    return cachedNormalizers.clone();
  }

  /** Sets the constants Z (both; pass the current value for one that stays). */
  void setNormalizers(float studentAnchored, float teacherAnchored) {
    NDArray array = normalizers.getArray();
    array.set(new float[] {studentAnchored, teacherAnchored});
    cachedNormalizers = new float[] {studentAnchored, teacherAnchored};
    cachedNormalizerArray = array;
  }

  /** The rows at {@code rows} (int64, shape (n)) of a memory, as a new (n, embed-dim) array. */
  static NDArray rows(Parameter memory, NDArray rows, NDManager manager) {
    return memory.getArray().get(manager, new NDIndex("{}", rows));
  }

  /**
   * Replaces, in place, the rows at {@code rows} (int64, shape (B), distinct) of a memory by
   * normalise(momentum · old + (1 − momentum) · embeddings), as ContrastMemory's update.
   */
  static void update(Parameter memory, NDArray rows, NDArray embeddings, float momentum) {
    NDManager manager = embeddings.getManager();
    NDArray old = rows(memory, rows, manager);
    NDArray mixed = old.mul(momentum).add(embeddings.stopGradient().mul(1 - momentum));
    NDArray updated = mixed.div(mixed.square().sum(new int[] {1}, true).sqrt());
    memory.getArray().set(new NDIndex("{}", rows), updated);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    throw new UnsupportedOperationException("the crd memory has no forward pass; CrdLoss reads it");
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[0];
  }
}
