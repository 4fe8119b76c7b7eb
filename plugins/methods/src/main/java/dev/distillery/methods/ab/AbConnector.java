package dev.distillery.methods.ab;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.initializer.UniformInitializer;
import dev.distillery.methods.ConvBatchNormConnector;
import dev.distillery.methods.FeatureMapPair;
import dev.distillery.spi.UserException;

/**
 * The trainable connector of one {@code ab} pair, as RepDistiller's {@code Connector} builds it
 * when the shapes differ ({@code ConvReg(s, t, use_relu=False)}): a convolution (with bias) from
 * the student's to the teacher's channels followed by BatchNorm, no ReLU. The convolution is 1×1
 * when the spatial sizes are equal, 3×3 with stride 2 and padding 1 when the student's height is
 * twice the teacher's, and (1 + H_s − H_t) × (1 + W_s − W_t) otherwise; a student map smaller than
 * the teacher's would need a transposed convolution, which DJL's PyTorch engine lacks, and is
 * refused. Initialisation as PyTorch: weight and bias uniform in ±1/√fan-in, BatchNorm γ 1, β 0
 * ({@link ConvBatchNormConnector}). (When the shapes are equal RepDistiller uses no connector: see
 * {@link #needed}.)
 */
public final class AbConnector extends ConvBatchNormConnector {

  private AbConnector(Shape student, Shape teacher) {
    super(conv(student, teacher));
  }

  private static Conv2d conv(Shape student, Shape teacher) {
    long kernelHeight;
    long kernelWidth;
    long stride;
    long padding;
    if (student.get(1) == 2 * teacher.get(1)) {
      kernelHeight = 3;
      kernelWidth = 3;
      stride = 2;
      padding = 1;
    } else {
      kernelHeight = 1 + student.get(1) - teacher.get(1);
      kernelWidth = 1 + student.get(2) - teacher.get(2);
      stride = 1;
      padding = 0;
    }
    float bound = (float) (1 / Math.sqrt(student.get(0) * kernelHeight * kernelWidth));
    Conv2d conv =
        Conv2d.builder()
            .setKernelShape(new Shape(kernelHeight, kernelWidth))
            .optStride(new Shape(stride, stride))
            .optPadding(new Shape(padding, padding))
            .setFilters((int) teacher.get(0))
            .build();
    conv.setInitializer(new UniformInitializer(bound), Parameter.Type.WEIGHT);
    conv.setInitializer(new UniformInitializer(bound), Parameter.Type.BIAS);
    return conv;
  }

  /** Whether a pair needs a connector: RepDistiller uses none when (C, H, W) are equal. */
  static boolean needed(Shape student, Shape teacher) {
    return !student.equals(teacher);
  }

  /**
   * A connector from per-image student shape (C_s, H_s, W_s) to teacher shape (C_t, H_t, W_t),
   * initialised in manager; pairs it cannot map fail with a {@link UserException} naming both
   * feature points and shapes.
   */
  static AbConnector create(
      NDManager manager, String studentPoint, Shape student, String teacherPoint, Shape teacher) {
    FeatureMapPair pair =
        FeatureMapPair.of(
            "ab",
            studentPoint,
            student,
            teacherPoint,
            teacher,
            "pre-activation feature points such as layer1.pre, layer2.pre, layer3.pre");
    if (student.get(1) < teacher.get(1) || student.get(2) < teacher.get(2)) {
      throw pair.rejected(
          "the student map is smaller than the teacher's, which needs a transposed"
              + " convolution (RepDistiller's ConvReg) that DJL's PyTorch engine does not"
              + " provide; choose a student feature point at least as large as the teacher's");
    }
    AbConnector connector = new AbConnector(student, teacher);
    Shape input = new Shape(1).addAll(student);
    connector.initialize(manager, DataType.FLOAT32, input);
    Shape output = connector.getOutputShapes(new Shape[] {input})[0].slice(1);
    if (!output.equals(teacher)) {
      throw pair.rejected(
          "RepDistiller's connector maps it to "
              + output
              + " (a non-square map whose height halves); choose feature points with equal"
              + " spatial sizes or square maps");
    }
    return connector;
  }

  /** The convolution's bias (C_t). */
  public Parameter convBias() {
    return conv().getParameters().get("bias");
  }
}
