package dev.distillery.factortransfer;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * Factor Transfer's translator: three 3×3 stride-1 padding-1 convolutions with bias on the
 * student's feature map (C_s → C_s → m → m, m the paraphraser's factor channels), each followed by
 * [BatchNorm and] LeakyReLU(0.1), as {@code Models/FeatureProjection.py Translator} of
 * Jangho-Kim/Factor-Transfer-pytorch (BatchNorm commented out there) and RepDistiller's {@code
 * models/util.py Translator} ({@code use_bn=True} by default). Weights and biases are initialised
 * as PyTorch's {@code nn.Conv2d} (uniform in ±1/√fan-in), BatchNorm γ = 1, β = 0.
 */
public final class FactorTranslator extends AbstractBlock {

  private final SequentialBlock layers = new SequentialBlock();
  private final List<Conv2d> convolutions = new ArrayList<>();
  private final List<BatchNorm> batchNorms = new ArrayList<>();
  private final long factorChannels;

  /** A translator from {@code studentChannels} to {@code factorChannels}. */
  public FactorTranslator(long studentChannels, long factorChannels, boolean batchNorm) {
    this.factorChannels = factorChannels;
    addLayer(studentChannels, studentChannels, batchNorm);
    addLayer(factorChannels, studentChannels, batchNorm);
    addLayer(factorChannels, factorChannels, batchNorm);
    addChildBlock("layers", layers);
  }

  private void addLayer(long out, long in, boolean batchNorm) {
    Conv2d conv =
        Conv2d.builder()
            .setFilters((int) out)
            .setKernelShape(new Shape(3, 3))
            .optStride(new Shape(1, 1))
            .optPadding(new Shape(1, 1))
            .build();
    float bound = (float) (1 / Math.sqrt(in * 9.0));
    conv.setInitializer(new UniformInitializer(bound), Parameter.Type.WEIGHT);
    conv.setInitializer(new UniformInitializer(bound), Parameter.Type.BIAS);
    layers.add(conv);
    convolutions.add(conv);
    if (batchNorm) {
      BatchNorm norm = BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build();
      layers.add(norm);
      batchNorms.add(norm);
    }
    layers.add(Activation.leakyReluBlock(Paraphraser.LEAKY_SLOPE));
  }

  /** The three convolutions, in order (weights (out, in, 3, 3) and biases). */
  public List<Conv2d> convolutions() {
    return List.copyOf(convolutions);
  }

  /** The BatchNorm after each convolution (empty without BatchNorm). */
  public List<BatchNorm> batchNorms() {
    return List.copyOf(batchNorms);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    return layers.forward(parameterStore, inputs, training, params);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    return new Shape[] {new Shape(in.get(0), factorChannels, in.get(2), in.get(3))};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    layers.initialize(manager, dataType, inputShapes);
  }
}
