package dev.distillery.factortransfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.distillery.methods.ConnectedFeatureLoss;
import dev.distillery.methods.SpatialAlignment;
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
 * translator trains with the student ({@link ConnectedFeatureLoss}); the paraphraser runs in
 * inference mode with frozen parameters, and the teacher factor is detached. The stage multiplies
 * the loss by the method's weight β (default 500, the authors' {@code --beta}).
 */
public final class FtLoss extends ConnectedFeatureLoss<FactorTranslator> {

  private static final float NORMALIZE_EPS = 1e-12f;

  private final FtOptions options;
  private final Paraphraser paraphraser;

  /** A loss over an initialised translator and a loaded paraphraser (frozen by the caller). */
  public FtLoss(FtOptions options, FactorTranslator translator, Paraphraser paraphraser) {
    super(
        "ft",
        List.of(options.studentFeature()),
        List.of(options.teacherFeature()),
        List.of(translator));
    this.options = options;
    this.paraphraser = paraphraser;
  }

  /** The student's translator. */
  public FactorTranslator translator() {
    return connectors().get(0);
  }

  /** The teacher's paraphraser (frozen). */
  public Paraphraser paraphraser() {
    return paraphraser;
  }

  /**
   * The loss for a student feature (B, C_s, H_s, W_s) with gradient and a teacher feature (B, C_t,
   * H_t, W_t); {@code training} selects batch (true) or running (false) statistics of the
   * translator's BatchNorm, if it has one.
   */
  public NDArray compute(NDArray studentFeature, NDArray teacherFeature, boolean training) {
    return pairTerm(0, studentFeature, teacherFeature.stopGradient(), training);
  }

  @Override
  protected NDArray pairTerm(int pair, NDArray student, NDArray teacher, boolean training) {
    NDArray studentFactor = connect(pair, student, training);
    NDArray teacherFactor =
        paraphraser
            .encode(new ParameterStore(student.getManager(), false), teacher, false)
            .stopGradient();
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
