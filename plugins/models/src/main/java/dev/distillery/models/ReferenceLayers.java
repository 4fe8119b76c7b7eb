package dev.distillery.models;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.initializer.XavierInitializer.FactorType;
import ai.djl.training.initializer.XavierInitializer.RandomType;
import dev.distillery.models.onnx.DjlLayerNodes;
import dev.distillery.models.onnx.OnnxGraph;

/**
 * DJL layers whose parameters are initialised like the PyTorch reference implementations.
 *
 * <p>The initialisers are set on the parameters themselves, so the caller's {@code
 * block.initialize(manager, DataType.FLOAT32, shape)} applies them (seeded by the caller). A {@code
 * DefaultTrainingConfig.optInitializer(...)} would override them.
 */
final class ReferenceLayers {

  /**
   * {@code nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='relu')}: N(0, 2 / (Cout k k)).
   */
  static final Initializer KAIMING_NORMAL_FAN_OUT =
      new XavierInitializer(RandomType.GAUSSIAN, FactorType.OUT, 2);

  /**
   * PyTorch's default weight initialisation of {@code nn.Conv2d} and {@code nn.Linear} ({@code
   * kaiming_uniform_(a=sqrt(5))}): U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
   */
  static final Initializer TORCH_DEFAULT_WEIGHT =
      new XavierInitializer(RandomType.UNIFORM, FactorType.IN, 1);

  /**
   * The epsilon of {@link #batchNorm()}, PyTorch's default (DJL's BatchNorm does not expose it).
   */
  static final float BATCH_NORM_EPSILON = 1e-5f;

  private ReferenceLayers() {}

  /** A bias-free convolution initialised kaiming-normal (fan_out, relu), as RepDistiller does. */
  static Conv2d kaimingConv(int filters, int kernel, int stride, int padding) {
    Conv2d conv =
        Conv2d.builder()
            .setFilters(filters)
            .setKernelShape(new Shape(kernel, kernel))
            .optStride(new Shape(stride, stride))
            .optPadding(new Shape(padding, padding))
            .optBias(false)
            .build();
    conv.setInitializer(KAIMING_NORMAL_FAN_OUT, Parameter.Type.WEIGHT);
    return conv;
  }

  /**
   * How the convolutions of a Ghost model are initialised: as the network it is derived from does.
   * Both make bias-free convolutions.
   */
  enum ConvInitialisation {
    /** RepDistiller's ResNets: kaiming normal, fan_out, ReLU gain. */
    KAIMING_NORMAL_FAN_OUT,
    /** ghostnet.py, which sets none: PyTorch's default U(±1/sqrt(fan_in)). */
    TORCH_DEFAULT;

    /**
     * A bias-free convolution; with {@code groups} > 1 a grouped one (fan_in and fan_out of the
     * initialisers are those of the weight, {@code (filters, in/groups, k, k)}, as PyTorch's).
     */
    Conv2d conv(int filters, int kernel, int stride, int padding, int groups) {
      Conv2d conv =
          Conv2d.builder()
              .setFilters(filters)
              .setKernelShape(new Shape(kernel, kernel))
              .optStride(new Shape(stride, stride))
              .optPadding(new Shape(padding, padding))
              .optGroups(groups)
              .optBias(false)
              .build();
      conv.setInitializer(
          this == KAIMING_NORMAL_FAN_OUT
              ? ReferenceLayers.KAIMING_NORMAL_FAN_OUT
              : ReferenceLayers.TORCH_DEFAULT_WEIGHT,
          Parameter.Type.WEIGHT);
      return conv;
    }
  }

  /**
   * A 1x1 convolution with bias and PyTorch's default initialisation (the squeeze-and-excitation
   * convolutions of ghostnet.py).
   */
  static Conv2d torchDefaultConv1x1(int inChannels, int filters) {
    Conv2d conv = Conv2d.builder().setFilters(filters).setKernelShape(new Shape(1, 1)).build();
    conv.setInitializer(TORCH_DEFAULT_WEIGHT, Parameter.Type.WEIGHT);
    conv.setInitializer(torchDefaultBias(inChannels), Parameter.Type.BIAS);
    return conv;
  }

  /** A convolution with bias and PyTorch's default initialisation (DAFL's LeNet-5). */
  static Conv2d torchDefaultConv(int inChannels, int filters, int kernel) {
    Conv2d conv =
        Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel)).build();
    conv.setInitializer(TORCH_DEFAULT_WEIGHT, Parameter.Type.WEIGHT);
    conv.setInitializer(torchDefaultBias((long) inChannels * kernel * kernel), Parameter.Type.BIAS);
    return conv;
  }

  /** A linear layer with PyTorch's default initialisation of weight and bias. */
  static Linear torchDefaultLinear(long inFeatures, long units) {
    Linear linear = Linear.builder().setUnits(units).build();
    linear.setInitializer(TORCH_DEFAULT_WEIGHT, Parameter.Type.WEIGHT);
    linear.setInitializer(torchDefaultBias(inFeatures), Parameter.Type.BIAS);
    return linear;
  }

  /** A linear layer with PyTorch's default weight initialisation and a zero bias (wrn.py). */
  static Linear torchDefaultLinearZeroBias(long units) {
    Linear linear = Linear.builder().setUnits(units).build();
    linear.setInitializer(TORCH_DEFAULT_WEIGHT, Parameter.Type.WEIGHT);
    linear.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
    return linear;
  }

  /**
   * {@code nn.BatchNorm2d}: gamma 1, beta 0, eps 1e-5; DJL's momentum 0.9 (weight of the old
   * running statistic) is PyTorch's momentum 0.1.
   */
  static BatchNorm batchNorm() {
    BatchNorm norm = BatchNorm.builder().optEpsilon(BATCH_NORM_EPSILON).optMomentum(0.9f).build();
    norm.setInitializer(Initializer.ONES, Parameter.Type.GAMMA);
    norm.setInitializer(Initializer.ZEROS, Parameter.Type.BETA);
    return norm;
  }

  /**
   * {@code nn.BatchNorm2d(channels, eps)}: gamma 1, beta 0; with {@code affine} false the scale and
   * shift stay 1 and 0 and do not train ({@code affine=False}).
   */
  static BatchNorm batchNorm(float eps, boolean affine) {
    BatchNorm norm =
        BatchNorm.builder()
            .optEpsilon(eps)
            .optMomentum(0.9f)
            .optCenter(affine)
            .optScale(affine)
            .build();
    norm.setInitializer(Initializer.ONES, Parameter.Type.GAMMA);
    norm.setInitializer(Initializer.ZEROS, Parameter.Type.BETA);
    return norm;
  }

  /** The inference-mode ONNX node of a batch norm made by {@link #batchNorm()}. */
  static String batchNormNode(OnnxGraph graph, String name, BatchNorm norm, String x) {
    return DjlLayerNodes.batchNorm(graph, name, norm, BATCH_NORM_EPSILON, x);
  }

  /** A 3x3 convolution, stride 1, padding 1, with bias and PyTorch's default initialisation. */
  static Conv2d torchDefaultConv3x3(int inChannels, int filters) {
    Conv2d conv =
        Conv2d.builder()
            .setFilters(filters)
            .setKernelShape(new Shape(3, 3))
            .optPadding(new Shape(1, 1))
            .build();
    conv.setInitializer(TORCH_DEFAULT_WEIGHT, Parameter.Type.WEIGHT);
    conv.setInitializer(torchDefaultBias((long) inChannels * 9), Parameter.Type.BIAS);
    return conv;
  }

  /**
   * DCGAN's {@code weights_init} (Radford et al. 2016, as PyTorch's DCGAN example): convolution and
   * linear weights N(0, 0.02), biases 0.
   */
  static final Initializer DCGAN_WEIGHT = new NormalInitializer(0.02f);

  /** DCGAN's batch-norm scale: N(1, 0.02). */
  static final Initializer DCGAN_GAMMA =
      (manager, shape, dataType) -> manager.randomNormal(1f, 0.02f, shape, dataType);

  /** A convolution with bias, DCGAN's initialisation. */
  static Conv2d dcganConv(int filters, int kernel, int stride, int padding) {
    Conv2d conv =
        Conv2d.builder()
            .setFilters(filters)
            .setKernelShape(new Shape(kernel, kernel))
            .optStride(new Shape(stride, stride))
            .optPadding(new Shape(padding, padding))
            .build();
    conv.setInitializer(DCGAN_WEIGHT, Parameter.Type.WEIGHT);
    conv.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
    return conv;
  }

  /** A linear layer with bias, DCGAN's initialisation. */
  static Linear dcganLinear(long units) {
    Linear linear = Linear.builder().setUnits(units).build();
    linear.setInitializer(DCGAN_WEIGHT, Parameter.Type.WEIGHT);
    linear.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
    return linear;
  }

  /** {@code nn.BatchNorm2d} with DCGAN's initialisation (scale N(1, 0.02), shift 0). */
  static BatchNorm dcganBatchNorm() {
    BatchNorm norm = BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build();
    norm.setInitializer(DCGAN_GAMMA, Parameter.Type.GAMMA);
    norm.setInitializer(Initializer.ZEROS, Parameter.Type.BETA);
    return norm;
  }

  /** ×2 nearest-neighbour upsampling ({@code F.interpolate(x, scale_factor=2)}). */
  static ai.djl.ndarray.NDArray upsample(ai.djl.ndarray.NDArray x) {
    Shape shape = x.getShape();
    return x.getNDArrayInternal()
        .interpolation(new long[] {shape.get(2) * 2, shape.get(3) * 2}, 0, false);
  }

  /** PyTorch's default bias initialisation: U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
  private static Initializer torchDefaultBias(long fanIn) {
    return new UniformInitializer((float) (1.0 / Math.sqrt(fanIn)));
  }
}
