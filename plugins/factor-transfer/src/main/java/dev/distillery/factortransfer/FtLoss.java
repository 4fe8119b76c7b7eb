package dev.distillery.factortransfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.distillery.methods.SpatialAlignment;
import dev.distillery.spi.DistillationBatch;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.Scalars;
import java.util.List;

/**
 * Factor Transfer's loss (Kim et al. NeurIPS 2018) between the student factor F_s = translator(s)
 * and the teacher factor F_t = encoder of the frozen, pretrained paraphraser(t):
 *
 * <pre>
 *   authors (default):  φ(F) = F.view(B, −1) / ‖F.view(B, −1)‖₂              utils.FT
 *   repdistiller:       φ(F) = g / ‖g‖₂,  g = mean over channels of F², (B, H·W)  FactorTransfer.factor
 *   p = 1: L_ft = mean over all elements of |φ(F_s) − φ(F_t)|            nn.L1Loss / .abs().mean()
 *   p = 2: L_ft = mean over all elements of (φ(F_s) − φ(F_t))²           .square().mean()
 * </pre>
 *
 * (‖·‖₂ floored at 1e-12 as {@code F.normalize}.) Factors of different spatial sizes are brought to
 * the smaller one by average pooling, as RepDistiller does ({@link SpatialAlignment}). The
 * translator trains with the student ({@link #trainableBlocks()}); the paraphraser runs in
 * inference mode with frozen parameters, and the teacher factor is detached. The stage multiplies
 * the loss by the method's weight β (default 500, the authors' {@code --beta}).
 */
public final class FtLoss implements DistillationLoss {

  private static final float NORMALIZE_EPS = 1e-12f;

  private final FtOptions options;
  private final FactorTranslator translator;
  private final Paraphraser paraphraser;

  /** A loss over an initialised translator and a loaded paraphraser (frozen by the caller). */
  public FtLoss(FtOptions options, FactorTranslator translator, Paraphraser paraphraser) {
    this.options = options;
    this.translator = translator;
    this.paraphraser = paraphraser;
  }

  @Override
  public String name() {
    return "ft";
  }

  /** The student's translator. */
  public FactorTranslator translator() {
    return translator;
  }

  /** The teacher's paraphraser (frozen). */
  public Paraphraser paraphraser() {
    return paraphraser;
  }

  @Override
  public List<Block> trainableBlocks() {
    return List.of(translator);
  }

  @Override
  public NDArray compute(DistillationBatch batch) {
    return compute(
        batch.studentFeature(options.studentFeature()),
        batch.teacherFeature(options.teacherFeature()),
        batch.training());
  }

  /**
   * The loss for a student feature (B, C_s, H_s, W_s) with gradient and a teacher feature (B, C_t,
   * H_t, W_t); {@code training} selects batch (true) or running (false) statistics of the
   * translator's BatchNorm, if it has one.
   */
  public NDArray compute(NDArray studentFeature, NDArray teacherFeature, boolean training) {
    ParameterStore parameters = new ParameterStore(studentFeature.getManager(), false);
    NDArray studentFactor =
        translator.forward(parameters, new NDList(studentFeature), training).singletonOrThrow();
    NDArray teacherFactor =
        paraphraser.encode(parameters, teacherFeature.stopGradient(), false).stopGradient();
    return factorLoss(options, studentFactor, teacherFactor);
  }

  /**
   * The loss between a student factor (with gradient) and a teacher factor, as documented above.
   */
  public static NDArray factorLoss(
      FtOptions options, NDArray studentFactor, NDArray teacherFactor) {
    NDArray[] aligned = SpatialAlignment.align(studentFactor, teacherFactor);
    NDArray difference =
        factor(aligned[0], options.repDistiller()).sub(factor(aligned[1], options.repDistiller()));
    return options.p() == 1 ? difference.abs().mean() : difference.square().mean();
  }

  private static NDArray factor(NDArray map, boolean repDistiller) {
    long batch = map.getShape().get(0);
    NDArray flat =
        repDistiller
            ? map.square().mean(new int[] {1}).reshape(new Shape(batch, -1))
            : map.reshape(new Shape(batch, -1));
    NDArray norm = Scalars.atLeast(flat.square().sum(new int[] {1}, true).sqrt(), NORMALIZE_EPS);
    return flat.div(norm);
  }
}
