package dev.distillery.methods.ofd;

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
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * The student-side connector of one {@code ofd} pair, as overhaul-distillation's {@code
 * build_feature_connector(t_channel, s_channel)}: a 1×1 convolution without bias from the student's
 * to the teacher's channels, then BatchNorm (ε 1e-5, PyTorch momentum 0.1), no ReLU. The reference
 * builds one for every pair, also when the channel counts agree. Initialisation as the reference:
 * weight ~ N(0, 2 / (1·1·C_t)) (its {@code normal_(0, sqrt(2 / n))}, n = k·k·out_channels), γ 1, β
 * 0.
 */
public final class OfdConnector extends AbstractBlock {

  private final Conv2d conv;
  private final BatchNorm norm;
  private final long teacherChannels;

  private OfdConnector(long teacherChannels) {
    this.teacherChannels = teacherChannels;
    conv =
        addChildBlock(
            "conv",
            Conv2d.builder()
                .setKernelShape(new Shape(1, 1))
                .setFilters((int) teacherChannels)
                .optBias(false)
                .build());
    conv.setInitializer(
        new NormalInitializer((float) Math.sqrt(2.0 / teacherChannels)), Parameter.Type.WEIGHT);
    norm = addChildBlock("bn", BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build());
    norm.setInitializer(Initializer.ONES, Parameter.Type.GAMMA);
    norm.setInitializer(Initializer.ZEROS, Parameter.Type.BETA);
  }

  /**
   * A connector from C_s to C_t channels, initialised in manager for per-image student maps of
   * shape (C_s, H, W).
   */
  static OfdConnector create(NDManager manager, Shape student, long teacherChannels) {
    OfdConnector connector = new OfdConnector(teacherChannels);
    connector.initialize(manager, DataType.FLOAT32, new Shape(1).addAll(student));
    return connector;
  }

  /** The convolution's weight (C_t, C_s, 1, 1). */
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
    Shape in = inputShapes[0];
    return new Shape[] {new Shape(in.get(0), teacherChannels, in.get(2), in.get(3))};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    conv.initialize(manager, dataType, inputShapes);
    norm.initialize(manager, dataType, conv.getOutputShapes(inputShapes));
  }
}
