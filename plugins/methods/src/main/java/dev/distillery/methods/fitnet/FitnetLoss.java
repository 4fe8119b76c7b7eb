package dev.distillery.methods.fitnet;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import dev.distillery.methods.ConnectedFeatureLoss;
import java.util.List;

/**
 * FitNets hint loss (Romero et al. ICLR 2015) as RepDistiller's {@code HintLoss} on its {@code
 * ConvReg} regressor:
 *
 * <pre>
 *   r = ReLU(BN(conv(student feature)))            (B, C_t, H_t, W_t)
 *   loss = mean over all elements of (r − teacher feature)²
 * </pre>
 *
 * <p>The regressor (conv + BatchNorm + ReLU, see {@link FitnetMethod}) trains with the student
 * ({@link ConnectedFeatureLoss}); its BatchNorm uses batch statistics while training and running
 * statistics otherwise, as a PyTorch module in train/eval mode. The teacher feature is detached.
 */
public final class FitnetLoss extends ConnectedFeatureLoss<Block> {

  private final Conv2d conv;
  private final BatchNorm batchNorm;

  /**
   * A loss over the given initialised regressor, whose convolution and BatchNorm are {@code conv}
   * and {@code batchNorm}.
   */
  public FitnetLoss(FitnetOptions options, Block regressor, Conv2d conv, BatchNorm batchNorm) {
    super(
        "fitnet",
        List.of(options.studentFeature()),
        List.of(options.teacherFeature()),
        List.of(regressor));
    this.conv = conv;
    this.batchNorm = batchNorm;
  }

  /** The whole regressor (RepDistiller's {@code ConvReg}). */
  public Block regressor() {
    return connectors().get(0);
  }

  /** The regressor's convolution (parameters {@code weight}, {@code bias}). */
  public Conv2d conv() {
    return conv;
  }

  /** The regressor's BatchNorm (parameters {@code gamma}, {@code beta}, running statistics). */
  public BatchNorm batchNorm() {
    return batchNorm;
  }

  /**
   * The loss for a student feature (B, C_s, H_s, W_s) with gradient and a teacher feature (B, C_t,
   * H_t, W_t); {@code training} selects batch (true) or running (false) BatchNorm statistics.
   */
  public NDArray compute(NDArray studentFeature, NDArray teacherFeature, boolean training) {
    return pairTerm(0, studentFeature, teacherFeature.stopGradient(), training);
  }

  @Override
  protected NDArray pairTerm(int pair, NDArray student, NDArray teacher, boolean training) {
    NDArray regressed = connect(pair, student, training);
    if (!regressed.getShape().equals(teacher.getShape())) {
      throw new IllegalArgumentException(
          "fitnet: regressed student feature "
              + regressed.getShape()
              + " and teacher feature "
              + teacher.getShape()
              + " differ");
    }
    return regressed.sub(teacher).square().mean();
  }
}
