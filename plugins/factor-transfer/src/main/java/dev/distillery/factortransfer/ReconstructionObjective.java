package dev.distillery.factortransfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.distillery.spi.ImageSplit;
import dev.distillery.spi.Network;
import dev.distillery.spi.TrainingStep;
import dev.distillery.training.LiveParameterStore;
import dev.distillery.training.TeacherOutputSource;
import dev.distillery.training.TrainingObjective;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the {@code pretrain-paraphraser} stage minimises: the reconstruction loss of the paraphraser
 * on the frozen teacher's feature map t, {@code mean |P(t) − t|} (l1, the authors' {@code
 * nn.L1Loss}) or {@code mean (P(t) − t)²} (mse, RepDistiller's {@code nn.MSELoss}). The teacher
 * runs in inference mode and its feature is detached; only the paraphraser trains. Unsupervised:
 * the labels are not used and nothing is classified. With a {@link TeacherOutputSource} the
 * teacher's feature of a training batch is read from an {@code extract-features} store.
 */
public final class ReconstructionObjective implements TrainingObjective {

  private final Network teacher;
  private final String featurePoint;
  private final Paraphraser paraphraser;
  private final boolean l1;
  private final ParameterStore parameters;
  private TeacherOutputSource teacherCache;

  ReconstructionObjective(
      Network teacher,
      String featurePoint,
      Paraphraser paraphraser,
      String loss,
      NDManager manager) {
    this.teacher = teacher;
    this.featurePoint = featurePoint;
    this.paraphraser = paraphraser;
    this.l1 = PretrainParaphraserOptions.L1.equals(loss);
    this.parameters = new LiveParameterStore(manager);
  }

  /** Reads the teacher's feature from a feature store during training instead of running it. */
  void useTeacherCache(TeacherOutputSource cache) {
    this.teacherCache = cache;
  }

  /** The cache in use, if any. */
  Optional<TeacherOutputSource> teacherCache() {
    return Optional.ofNullable(teacherCache);
  }

  @Override
  public List<Block> trainableBlocks() {
    return List.of(paraphraser);
  }

  @Override
  public Losses losses(NDArray images, NDArray labels, boolean training, TrainingStep step) {
    NDList outputs =
        teacherCache == null
            ? teacherForward(images)
            : teacherCache.outputs(images, step.sampleIndices(), this::teacherForward);
    NDArray loss = loss(outputs, training);
    return new Losses(loss, Map.of("reconstruction", loss), null);
  }

  private NDList teacherForward(NDArray images) {
    return teacher.block().forward(parameters, new NDList(images), false);
  }

  private NDArray loss(NDList outputs, boolean training) {
    NDArray feature = teacher.feature(outputs, featurePoint).stopGradient();
    NDArray reconstruction = paraphraser.forward(parameters, new NDList(feature), training).get(1);
    NDArray difference = reconstruction.sub(feature);
    return l1 ? difference.abs().mean() : difference.square().mean();
  }

  @Override
  public NDArray predict(NDArray images) {
    throw new UnsupportedOperationException("a paraphraser classifies nothing");
  }

  @Override
  public boolean classifies() {
    return false;
  }

  /** The mean reconstruction loss over a split, in inference mode (NaN for an empty split). */
  double meanLoss(ImageSplit split, NDManager manager, int batchSize) {
    if (split.count() == 0) {
      return Double.NaN;
    }
    int size = split.imageSize();
    double sum = 0;
    for (int from = 0; from < split.count(); from += batchSize) {
      int to = Math.min(from + batchSize, split.count());
      try (NDManager scope = manager.newSubManager()) {
        NDArray images =
            scope.create(
                FloatBuffer.wrap(split.copyImages(from, to)),
                new Shape(to - from, split.channels(), split.height(), split.width()));
        sum += loss(teacherForward(images), false).getFloat() * (double) (to - from);
      }
    }
    return sum / split.count();
  }
}
