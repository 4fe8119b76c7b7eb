package dev.distillery.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.distillery.spi.GeneratorNetwork;
import dev.distillery.spi.ImageShape;

/**
 * The generator of DAFL ({@code DAFL-train.py} of huawei-noah/Efficient-Computing) and DFAD ({@code
 * GeneratorA} of VainF/Data-Free-Adversarial-Distillation), which upsamples and convolves instead
 * of using transposed convolutions:
 *
 * <pre>
 * z (N, latent) → Linear → (N, 2w, H/4, W/4) → BN → ×2 nearest → Conv3x3 2w→2w → BN(eps) → LeakyReLU 0.2
 *   → ×2 nearest → Conv3x3 2w→w → BN(eps) → LeakyReLU 0.2 → Conv3x3 w→C → tanh → BN(C, affine=False)
 * </pre>
 *
 * with {@code w} the width (the references' {@code ngf}, 64; DAFL writes its 128/128/64 channels
 * out) and {@code eps} 0.8 in DAFL (the positional argument of {@code nn.BatchNorm2d(128, 0.8)} is
 * eps), 1e-5 in DFAD. The first and last batch norms have PyTorch's default eps 1e-5. Layers have
 * PyTorch's default initialisation. The last batch norm standardises the images per channel: in
 * training mode over the batch, in inference mode with its running statistics.
 */
public final class UpsamplingGenerator extends AbstractBlock {

  private final int latentSize;
  private final int width;
  private final ImageShape image;
  private final Linear project;
  private final BatchNorm norm0;
  private final Conv2d conv1;
  private final BatchNorm norm1;
  private final Conv2d conv2;
  private final BatchNorm norm2;
  private final Conv2d conv3;
  private final BatchNorm norm3;

  private UpsamplingGenerator(int latentSize, int width, float eps, ImageShape image) {
    this.latentSize = latentSize;
    this.width = width;
    this.image = image;
    long projected = 2L * width * (image.height() / 4) * (image.width() / 4);
    project = addChildBlock("project", ReferenceLayers.torchDefaultLinear(latentSize, projected));
    norm0 = addChildBlock("norm0", ReferenceLayers.batchNorm(1e-5f, true));
    conv1 = addChildBlock("conv1", ReferenceLayers.torchDefaultConv3x3(2 * width, 2 * width));
    norm1 = addChildBlock("norm1", ReferenceLayers.batchNorm(eps, true));
    conv2 = addChildBlock("conv2", ReferenceLayers.torchDefaultConv3x3(2 * width, width));
    norm2 = addChildBlock("norm2", ReferenceLayers.batchNorm(eps, true));
    conv3 = addChildBlock("conv3", ReferenceLayers.torchDefaultConv3x3(width, image.channels()));
    norm3 = addChildBlock("norm3", ReferenceLayers.batchNorm(1e-5f, false));
  }

  /**
   * Builds the generator.
   *
   * @param architecture the plugin id, for messages
   * @param latentSize length of a latent vector (the references use 100)
   * @param width channels of the last hidden layer (the references' ngf, 64)
   * @param eps eps of the two inner batch norms (DAFL 0.8, DFAD 1e-5)
   * @param image the images to make: height and width multiples of 4
   */
  public static GeneratorNetwork network(
      String architecture, int latentSize, int width, float eps, ImageShape image) {
    GeneratorChecks.check(
        architecture, latentSize, width, image, "twice", 4, "28x28, 32x32, 64x64");
    long h = image.height();
    long w = image.width();
    long macs =
        MultiplyAccumulates.linear(latentSize, 2L * width * (h / 4) * (w / 4))
            + MultiplyAccumulates.conv(2L * width, h / 2, w / 2, 2L * width, 3)
            + MultiplyAccumulates.conv(width, h, w, 2L * width, 3)
            + MultiplyAccumulates.conv(image.channels(), h, w, width, 3);
    return new GeneratorNetwork(
        architecture,
        new UpsamplingGenerator(latentSize, width, eps, image),
        latentSize,
        image,
        macs);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDArray z = inputs.head();
    long n = z.getShape().get(0);
    NDArray x = project.forward(parameterStore, new NDList(z), training, params).head();
    x = x.reshape(n, 2L * width, image.height() / 4, image.width() / 4);
    x = norm0.forward(parameterStore, new NDList(x), training, params).head();
    x = ReferenceLayers.upsample(x);
    x = conv1.forward(parameterStore, new NDList(x), training, params).head();
    x = norm1.forward(parameterStore, new NDList(x), training, params).head();
    x = Activation.leakyRelu(x, 0.2f);
    x = ReferenceLayers.upsample(x);
    x = conv2.forward(parameterStore, new NDList(x), training, params).head();
    x = norm2.forward(parameterStore, new NDList(x), training, params).head();
    x = Activation.leakyRelu(x, 0.2f);
    x = conv3.forward(parameterStore, new NDList(x), training, params).head();
    x = x.tanh();
    x = norm3.forward(parameterStore, new NDList(x), training, params).head();
    return new NDList(x);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {
      new Shape(inputShapes[0].get(0), image.channels(), image.height(), image.width())
    };
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    long n = inputShapes[0].get(0);
    long h = image.height();
    long w = image.width();
    project.initialize(manager, dataType, new Shape(n, latentSize));
    norm0.initialize(manager, dataType, new Shape(n, 2L * width, h / 4, w / 4));
    conv1.initialize(manager, dataType, new Shape(n, 2L * width, h / 2, w / 2));
    norm1.initialize(manager, dataType, new Shape(n, 2L * width, h / 2, w / 2));
    conv2.initialize(manager, dataType, new Shape(n, 2L * width, h, w));
    norm2.initialize(manager, dataType, new Shape(n, width, h, w));
    conv3.initialize(manager, dataType, new Shape(n, width, h, w));
    norm3.initialize(manager, dataType, new Shape(n, image.channels(), h, w));
  }
}
