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
 * A DCGAN generator (Radford et al. 2016) that upsamples and convolves instead of transposed
 * convolutions (DJL's PyTorch engine has none), in the family of {@link UpsamplingGenerator}:
 *
 * <pre>
 * z (N, latent) → Linear → (N, 4w, H/8, W/8) → BN → ReLU
 *   → ×2 nearest → Conv3x3 4w→2w → BN → ReLU
 *   → ×2 nearest → Conv3x3 2w→w → BN → ReLU
 *   → ×2 nearest → Conv3x3 w→C → tanh
 * </pre>
 *
 * Images are in [-1, 1] (tanh), as DCGAN's; a GAN stage maps its real images into that range. The
 * width {@code w} sets the size: the linear layer dominates small generators (at latent 100 and
 * 32x32 images it holds 6,464 of the 6,581 parameters at w = 1). DCGAN's initialisation: weights
 * N(0, 0.02), batch-norm scales N(1, 0.02).
 */
public final class DcganGenerator extends AbstractBlock {

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

  private DcganGenerator(int latentSize, int width, ImageShape image) {
    this.latentSize = latentSize;
    this.width = width;
    this.image = image;
    project =
        addChildBlock(
            "project",
            ReferenceLayers.dcganLinear(4L * width * (image.height() / 8) * (image.width() / 8)));
    norm0 = addChildBlock("norm0", ReferenceLayers.dcganBatchNorm());
    conv1 = addChildBlock("conv1", ReferenceLayers.dcganConv(2 * width, 3, 1, 1));
    norm1 = addChildBlock("norm1", ReferenceLayers.dcganBatchNorm());
    conv2 = addChildBlock("conv2", ReferenceLayers.dcganConv(width, 3, 1, 1));
    norm2 = addChildBlock("norm2", ReferenceLayers.dcganBatchNorm());
    conv3 = addChildBlock("conv3", ReferenceLayers.dcganConv(image.channels(), 3, 1, 1));
  }

  /**
   * Builds the generator.
   *
   * @param architecture the plugin id, for messages
   * @param latentSize length of a latent vector
   * @param width channels of the last hidden layer (4w, 2w, w from the first)
   * @param image the images to make: height and width multiples of 8
   */
  public static GeneratorNetwork network(
      String architecture, int latentSize, int width, ImageShape image) {
    GeneratorChecks.check(architecture, latentSize, width, image, "three times", 8, "32x32, 64x64");
    long h = image.height();
    long w = image.width();
    long macs =
        MultiplyAccumulates.linear(latentSize, 4L * width * (h / 8) * (w / 8))
            + MultiplyAccumulates.conv(2L * width, h / 4, w / 4, 4L * width, 3)
            + MultiplyAccumulates.conv(width, h / 2, w / 2, 2L * width, 3)
            + MultiplyAccumulates.conv(image.channels(), h, w, width, 3);
    return new GeneratorNetwork(
        architecture, new DcganGenerator(latentSize, width, image), latentSize, image, macs);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDArray z = inputs.head();
    NDArray x = project.forward(parameterStore, new NDList(z), training, params).head();
    x = x.reshape(z.getShape().get(0), 4L * width, image.height() / 8, image.width() / 8);
    x = Activation.relu(norm0.forward(parameterStore, new NDList(x), training, params).head());
    x =
        conv1
            .forward(parameterStore, new NDList(ReferenceLayers.upsample(x)), training, params)
            .head();
    x = Activation.relu(norm1.forward(parameterStore, new NDList(x), training, params).head());
    x =
        conv2
            .forward(parameterStore, new NDList(ReferenceLayers.upsample(x)), training, params)
            .head();
    x = Activation.relu(norm2.forward(parameterStore, new NDList(x), training, params).head());
    x =
        conv3
            .forward(parameterStore, new NDList(ReferenceLayers.upsample(x)), training, params)
            .head();
    return new NDList(x.tanh());
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
    norm0.initialize(manager, dataType, new Shape(n, 4L * width, h / 8, w / 8));
    conv1.initialize(manager, dataType, new Shape(n, 4L * width, h / 4, w / 4));
    norm1.initialize(manager, dataType, new Shape(n, 2L * width, h / 4, w / 4));
    conv2.initialize(manager, dataType, new Shape(n, 2L * width, h / 2, w / 2));
    norm2.initialize(manager, dataType, new Shape(n, width, h / 2, w / 2));
    conv3.initialize(manager, dataType, new Shape(n, width, h, w));
  }
}
