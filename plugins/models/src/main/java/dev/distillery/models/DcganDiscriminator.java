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
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.Network;
import dev.distillery.spi.UserException;
import java.util.List;

/**
 * A DCGAN discriminator (Radford et al. 2016), as a classifier of {@code classes} outputs (a GAN
 * stage builds it for two, fake and real, and scores an image by the difference of the two logits):
 *
 * <pre>
 * x → Conv4x4/2 C→w → LeakyReLU 0.2                          block1  (H/2)
 *   → Conv4x4/2 w→2w → BN → LeakyReLU 0.2                    block2  (H/4)
 *   → Conv4x4/2 2w→4w → BN → LeakyReLU 0.2                   block3  (H/8)
 *   → flatten → Linear → classes                              logits
 * </pre>
 *
 * With {@code batch-norm: false} the two batch norms are left out (a WGAN-GP critic: its gradient
 * penalty is per image, which batch statistics would mix). DCGAN's initialisation.
 */
public final class DcganDiscriminator extends AbstractBlock {

  static final List<String> FEATURE_POINTS = List.of("block1", "block2", "block3");

  private final int width;
  private final boolean batchNorm;
  private final Conv2d conv1;
  private final Conv2d conv2;
  private final BatchNorm norm2;
  private final Conv2d conv3;
  private final BatchNorm norm3;
  private final Linear classify;

  private DcganDiscriminator(int width, boolean batchNorm, int classes) {
    this.width = width;
    this.batchNorm = batchNorm;
    conv1 = addChildBlock("conv1", ReferenceLayers.dcganConv(width, 4, 2, 1));
    conv2 = addChildBlock("conv2", ReferenceLayers.dcganConv(2 * width, 4, 2, 1));
    norm2 = batchNorm ? addChildBlock("norm2", ReferenceLayers.dcganBatchNorm()) : null;
    conv3 = addChildBlock("conv3", ReferenceLayers.dcganConv(4 * width, 4, 2, 1));
    norm3 = batchNorm ? addChildBlock("norm3", ReferenceLayers.dcganBatchNorm()) : null;
    classify = addChildBlock("classify", ReferenceLayers.dcganLinear(classes));
  }

  /** Builds the discriminator for images of {@code input}: height and width multiples of 8. */
  public static Network network(
      String architecture, int width, boolean batchNorm, ModelInput input) {
    if (input.height() % 8 != 0 || input.width() % 8 != 0) {
      throw new UserException(
          "model '"
              + architecture
              + "' halves the image three times, so it takes images whose height and width are"
              + " multiples of 8 (e.g. 32x32, 64x64), got "
              + input.channels()
              + "x"
              + input.height()
              + "x"
              + input.width());
    }
    if (width < 1) {
      throw new UserException("model '" + architecture + "' needs width >= 1, got " + width);
    }
    long h = input.height();
    long w = input.width();
    long macs =
        MultiplyAccumulates.conv(width, h / 2, w / 2, input.channels(), 4)
            + MultiplyAccumulates.conv(2L * width, h / 4, w / 4, width, 4)
            + MultiplyAccumulates.conv(4L * width, h / 8, w / 8, 2L * width, 4)
            + MultiplyAccumulates.linear(4L * width * (h / 8) * (w / 8), input.classes());
    return new Network(
            architecture,
            new DcganDiscriminator(width, batchNorm, input.classes()),
            input,
            FEATURE_POINTS,
            macs)
        .withClassifierInput("block3");
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDArray x = conv1.forward(parameterStore, inputs, training, params).head();
    NDArray block1 = Activation.leakyRelu(x, 0.2f);
    x = conv2.forward(parameterStore, new NDList(block1), training, params).head();
    if (batchNorm) {
      x = norm2.forward(parameterStore, new NDList(x), training, params).head();
    }
    NDArray block2 = Activation.leakyRelu(x, 0.2f);
    x = conv3.forward(parameterStore, new NDList(block2), training, params).head();
    if (batchNorm) {
      x = norm3.forward(parameterStore, new NDList(x), training, params).head();
    }
    NDArray block3 = Activation.leakyRelu(x, 0.2f);
    NDArray flat = block3.reshape(block3.getShape().get(0), -1);
    NDArray logits = classify.forward(parameterStore, new NDList(flat), training, params).head();
    return new NDList(block1, block2, block3, logits);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    long n = in.get(0);
    long h = in.get(2);
    long w = in.get(3);
    Shape b1 = new Shape(n, width, h / 2, w / 2);
    Shape b2 = new Shape(n, 2L * width, h / 4, w / 4);
    Shape b3 = new Shape(n, 4L * width, h / 8, w / 8);
    Shape logits = classify.getOutputShapes(new Shape[] {new Shape(n, b3.size() / n)})[0];
    return new Shape[] {b1, b2, b3, logits};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape in = inputShapes[0];
    long n = in.get(0);
    long h = in.get(2);
    long w = in.get(3);
    conv1.initialize(manager, dataType, in);
    conv2.initialize(manager, dataType, new Shape(n, width, h / 2, w / 2));
    if (batchNorm) {
      norm2.initialize(manager, dataType, new Shape(n, 2L * width, h / 4, w / 4));
    }
    conv3.initialize(manager, dataType, new Shape(n, 2L * width, h / 4, w / 4));
    if (batchNorm) {
      norm3.initialize(manager, dataType, new Shape(n, 4L * width, h / 8, w / 8));
    }
    classify.initialize(manager, dataType, new Shape(n, 4L * width * (h / 8) * (w / 8)));
  }
}
