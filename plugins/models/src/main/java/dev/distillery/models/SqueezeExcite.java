package dev.distillery.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.distillery.models.onnx.DjlLayerNodes;
import dev.distillery.models.onnx.OnnxExportable;
import dev.distillery.models.onnx.OnnxGraph;

/**
 * Squeeze-and-excitation as ghostnet.py's {@code SqueezeExcite}: each channel of {@code x} scaled
 * by a gate computed from the channel means,
 *
 * <pre>
 * gate = hard_sigmoid(conv_expand(relu(conv_reduce(mean_HW(x)))))     hard_sigmoid(z) = relu6(z + 3) / 6
 * out  = x · gate
 * </pre>
 *
 * with 1×1 convolutions with bias, {@code C → make_divisible(C · ratio, 4) → C}, PyTorch's default
 * initialisation.
 */
final class SqueezeExcite extends AbstractBlock implements OnnxExportable {

  private final Conv2d reduce;
  private final Conv2d expand;

  SqueezeExcite(int channels, double ratio) {
    int reduced = reducedChannels(channels, ratio);
    reduce = addChildBlock("conv_reduce", ReferenceLayers.torchDefaultConv1x1(channels, reduced));
    expand = addChildBlock("conv_expand", ReferenceLayers.torchDefaultConv1x1(reduced, channels));
  }

  /** {@code make_divisible(channels · ratio, 4)}, the reduced width. */
  static int reducedChannels(int channels, double ratio) {
    return makeDivisible(channels * ratio, 4);
  }

  /**
   * ghostnet.py's {@code _make_divisible(v, divisor)}: {@code v} rounded to the nearest multiple of
   * {@code divisor}, at least {@code divisor}, and not more than 10 % below {@code v}.
   */
  static int makeDivisible(double v, int divisor) {
    int rounded = Math.max(divisor, (int) (v + divisor / 2.0) / divisor * divisor);
    return rounded < 0.9 * v ? rounded + divisor : rounded;
  }

  /** Multiply-accumulates of the two 1×1 convolutions on the 1×1 map of channel means. */
  static long multiplyAccumulates(int channels, double ratio) {
    int reduced = reducedChannels(channels, ratio);
    return MultiplyAccumulates.conv(reduced, 1, 1, channels, 1)
        + MultiplyAccumulates.conv(channels, 1, 1, reduced, 1);
  }

  /** {@code relu6(z + 3) / 6}. */
  static NDArray hardSigmoid(NDArray z) {
    return z.add(3f).clip(0f, 6f).div(6f);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.head();
    // the mean over H and W (DJL's PyTorch engine averages over one axis at a time)
    NDArray squeezed = x.mean(new int[] {3}, true).mean(new int[] {2}, true);
    NDArray z = reduce.forward(parameterStore, new NDList(squeezed), training, params).head();
    z = Activation.relu(z);
    z = expand.forward(parameterStore, new NDList(z), training, params).head();
    return new NDList(x.mul(hardSigmoid(z)));
  }

  /**
   * {@code x · HardSigmoid(conv_expand(relu(conv_reduce(GlobalAveragePool(x)))))}, ONNX's {@code
   * HardSigmoid} with alpha 1/6 and beta 1/2 being {@code relu6(z + 3) / 6}.
   */
  @Override
  public String emitOnnx(OnnxGraph graph, String name, String input) {
    String z = graph.globalAveragePool(OnnxGraph.path(name, "squeeze"), input);
    z = DjlLayerNodes.conv(graph, OnnxGraph.path(name, "conv_reduce"), reduce, z);
    z = graph.relu(OnnxGraph.path(name, "relu"), z);
    z = DjlLayerNodes.conv(graph, OnnxGraph.path(name, "conv_expand"), expand, z);
    String gate = graph.hardSigmoid(OnnxGraph.path(name, "gate"), z, 1f / 6, 0.5f);
    return graph.mul(OnnxGraph.path(name, "out"), input, gate);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape squeezed = new Shape(inputShapes[0].get(0), inputShapes[0].get(1), 1, 1);
    reduce.initialize(manager, dataType, squeezed);
    expand.initialize(manager, dataType, reduce.getOutputShapes(new Shape[] {squeezed})[0]);
  }
}
