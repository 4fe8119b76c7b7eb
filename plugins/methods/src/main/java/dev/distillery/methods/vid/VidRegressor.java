package dev.distillery.methods.vid;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import dev.distillery.spi.Scalars;

/**
 * The trainable part of one RepDistiller {@code VIDLoss}: a regressor of three bias-free 1×1
 * convolutions with ReLU between them (student channels → teacher channels → teacher channels →
 * teacher channels) that predicts the mean of the teacher feature, and a per-teacher-channel
 * log-scale α whose softplus (+ eps) is the predicted variance. Forward: the student feature (B,
 * C_s, H, W) → [mean (B, C_t, H, W), variance (C_t)].
 *
 * <p>Initialisation as PyTorch: each convolution weight uniform in ±1/√fan-in ({@code nn.Conv2d}'s
 * default), α = log(exp(init-pred-var − eps) − 1) so that the initial variance is init-pred-var.
 */
public final class VidRegressor extends AbstractBlock {

  private final Conv2d conv1;
  private final Conv2d conv2;
  private final Conv2d conv3;
  private final Parameter logScale;
  private final long studentChannels;
  private final long teacherChannels;

  /** A regressor from studentChannels to teacherChannels (middle width teacherChannels). */
  public VidRegressor(long studentChannels, long teacherChannels, double initPredVar) {
    this.studentChannels = studentChannels;
    this.teacherChannels = teacherChannels;
    conv1 = addChildBlock("conv1", conv(teacherChannels, studentChannels));
    conv2 = addChildBlock("conv2", conv(teacherChannels, teacherChannels));
    conv3 = addChildBlock("conv3", conv(teacherChannels, teacherChannels));
    float alpha = (float) Math.log(Math.exp(initPredVar - VidOptions.EPS) - 1.0);
    logScale =
        addParameter(
            Parameter.builder()
                .setName("log_scale")
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(teacherChannels))
                .optInitializer(new ConstantInitializer(alpha))
                .build());
  }

  private static Conv2d conv(long filters, long fanIn) {
    Conv2d conv =
        Conv2d.builder()
            .setKernelShape(new Shape(1, 1))
            .setFilters((int) filters)
            .optBias(false)
            .build();
    conv.setInitializer(
        new UniformInitializer((float) (1 / Math.sqrt(fanIn))), Parameter.Type.WEIGHT);
    return conv;
  }

  /** The three convolutions' weights, in order (shapes (C_t, C_s, 1, 1), (C_t, C_t, 1, 1) ×2). */
  public Parameter[] convWeights() {
    return new Parameter[] {
      conv1.getParameters().get("weight"),
      conv2.getParameters().get("weight"),
      conv3.getParameters().get("weight")
    };
  }

  /** The per-channel log-scale α (shape (C_t)), RepDistiller's {@code log_scale}. */
  public Parameter logScale() {
    return logScale;
  }

  /** The number of channels of the student feature this regressor reads. */
  public long studentChannels() {
    return studentChannels;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDArray x = conv1.forward(parameterStore, inputs, training, params).head();
    x = conv2.forward(parameterStore, new NDList(Activation.relu(x)), training, params).head();
    NDArray mean =
        conv3.forward(parameterStore, new NDList(Activation.relu(x)), training, params).head();
    // Results of operations belong to the manager of their first operand: starting from the
    // parameter would leave every step's variance in the parameter's (long-lived) manager. A step
    // scalar 1 times α keeps the chain, and its gradient to α, in the step's manager.
    NDArray alpha =
        Scalars.of(mean, 1.0).mul(parameterStore.getValue(logScale, mean.getDevice(), training));
    // torch.log(1.0 + torch.exp(log_scale)) + eps
    NDArray variance = alpha.exp().add(1f).log().add((float) VidOptions.EPS);
    return new NDList(mean, variance);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    return new Shape[] {
      new Shape(in.get(0), teacherChannels, in.get(2), in.get(3)), new Shape(teacherChannels)
    };
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    conv1.initialize(manager, dataType, inputShapes);
    Shape middle = conv1.getOutputShapes(inputShapes)[0];
    conv2.initialize(manager, dataType, middle);
    conv3.initialize(manager, dataType, middle);
  }
}
