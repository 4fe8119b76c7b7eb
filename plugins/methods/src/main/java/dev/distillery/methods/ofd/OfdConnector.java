package dev.distillery.methods.ofd;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.initializer.NormalInitializer;
import dev.distillery.methods.ConvBatchNormConnector;

/**
 * The student-side connector of one {@code ofd} pair, as overhaul-distillation's {@code
 * build_feature_connector(t_channel, s_channel)}: a 1×1 convolution without bias from the student's
 * to the teacher's channels, then BatchNorm (ε 1e-5, PyTorch momentum 0.1), no ReLU. The reference
 * builds one for every pair, also when the channel counts agree. Initialisation as the reference:
 * weight ~ N(0, 2 / (1·1·C_t)) (its {@code normal_(0, sqrt(2 / n))}, n = k·k·out_channels), γ 1, β
 * 0 ({@link ConvBatchNormConnector}).
 */
public final class OfdConnector extends ConvBatchNormConnector {

  private OfdConnector(long teacherChannels) {
    super(conv(teacherChannels));
  }

  private static Conv2d conv(long teacherChannels) {
    Conv2d conv =
        Conv2d.builder()
            .setKernelShape(new Shape(1, 1))
            .setFilters((int) teacherChannels)
            .optBias(false)
            .build();
    conv.setInitializer(
        new NormalInitializer((float) Math.sqrt(2.0 / teacherChannels)), Parameter.Type.WEIGHT);
    return conv;
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
}
