package dev.distillery.methods;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * The connector shape shared by ab and ofd: a convolution from the student's to the teacher's
 * channels followed by BatchNorm (ε 1e-5, PyTorch momentum 0.1, γ initialised to 1 and β to 0), no
 * activation — RepDistiller's {@code ConvReg(use_relu=False)} and overhaul-distillation's {@code
 * build_feature_connector}. A method chooses the convolution (kernel, stride, bias, initialisation)
 * and hands it to the constructor; its child blocks are named {@code conv} and {@code bn}, which
 * fixes the parameter names in checkpoints. Forward: the student feature (B, C_s, H_s, W_s) → (B,
 * C_t, H_t, W_t).
 */
public abstract class ConvBatchNormConnector extends AbstractBlock {

  private final Conv2d conv;
  private final BatchNorm norm;

  /** A connector over {@code conv}, whose filters are the teacher's channels. */
  protected ConvBatchNormConnector(Conv2d conv) {
    this.conv = addChildBlock("conv", requireNonNull(conv, "conv is null"));
    norm = addChildBlock("bn", BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build());
    norm.setInitializer(Initializer.ONES, Parameter.Type.GAMMA);
    norm.setInitializer(Initializer.ZEROS, Parameter.Type.BETA);
  }

  /** The convolution's weight (C_t, C_s, k_h, k_w). */
  public Parameter convWeight() {
    return conv.getParameters().get("weight");
  }

  /** BatchNorm's scale γ (C_t). */
  public Parameter normGamma() {
    return norm.getParameters().get("gamma");
  }

  /** BatchNorm's shift β (C_t). */
  public Parameter normBeta() {
    return norm.getParameters().get("beta");
  }

  /** The convolution. */
  protected final Conv2d conv() {
    return conv;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDList out = conv.forward(parameterStore, inputs, training, params);
    return norm.forward(parameterStore, out, training, params);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return conv.getOutputShapes(inputShapes);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    conv.initialize(manager, dataType, inputShapes);
    norm.initialize(manager, dataType, conv.getOutputShapes(inputShapes));
  }
}
