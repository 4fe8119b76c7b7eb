package dev.distillery.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.distillery.models.onnx.DjlLayerNodes;
import dev.distillery.models.onnx.OnnxExportable;
import dev.distillery.models.onnx.OnnxGraph;

/**
 * The Ghost module of GhostNet (Han et al., CVPR 2020; {@code GhostModule} of
 * huawei-noah/Efficient-AI-Backbones, {@code ghostnet_pytorch/ghostnet.py}): a drop-in for a k×k
 * convolution to {@code out} channels that makes only some of them with a full convolution and the
 * rest with a cheap depthwise one.
 *
 * <pre>
 * init = ceil(out / s), ghosts = init · (s − 1)
 * x1 = [ReLU] BN(Conv k×k, stride, pad k/2, in → init)(x)              primary convolution
 * x2 = [ReLU] BN(Conv d×d, stride 1, pad d/2, groups init, init → ghosts)(x1)   cheap operation
 * out = concat(x1, x2)[:, :out]
 * </pre>
 *
 * with bias-free convolutions, each ghost channel made from one primary channel ({@code s − 1}
 * ghosts per primary channel), and the ReLUs only when {@code relu} is true (as the reference's
 * {@code relu} argument). {@code s} is the ratio (>= 2) and {@code d} the depthwise kernel (odd):
 * {@link GhostOptions}. Multiply-accumulates: {@code init·H'·W'·in·k² + ghosts·H'·W'·d²} instead of
 * the convolution's {@code out·H'·W'·in·k²}, about {@code 1/s} of it.
 *
 * <p>Parameters in the reference's {@code state_dict} order: primary convolution, its batch norm,
 * cheap convolution, its batch norm.
 */
final class GhostModule extends AbstractBlock implements OnnxExportable {

  private final int outChannels;
  private final Conv2d primaryConv;
  private final BatchNorm primaryBn;
  private final Conv2d cheapConv;
  private final BatchNorm cheapBn;
  private final boolean relu;

  /**
   * @param outChannels channels out ({@code oup})
   * @param kernel the primary convolution's kernel (padding kernel/2)
   * @param stride the primary convolution's stride
   * @param ratio s, >= 2
   * @param dwKernel d, odd
   * @param relu ReLU after each batch norm
   * @param initialisation how the two convolutions are initialised
   */
  GhostModule(
      int outChannels,
      int kernel,
      int stride,
      int ratio,
      int dwKernel,
      boolean relu,
      ReferenceLayers.ConvInitialisation initialisation) {
    if (ratio < 2 || dwKernel < 1 || dwKernel % 2 == 0) {
      throw new IllegalArgumentException(
          "Ghost module needs ratio >= 2 and an odd depthwise kernel, got ratio "
              + ratio
              + ", kernel "
              + dwKernel);
    }
    this.outChannels = outChannels;
    this.relu = relu;
    int init = primaryChannels(outChannels, ratio);
    primaryConv =
        addChildBlock("primary_conv", initialisation.conv(init, kernel, stride, kernel / 2, 1));
    primaryBn = addChildBlock("primary_bn", ReferenceLayers.batchNorm());
    cheapConv =
        addChildBlock(
            "cheap_conv", initialisation.conv(init * (ratio - 1), dwKernel, 1, dwKernel / 2, init));
    cheapBn = addChildBlock("cheap_bn", ReferenceLayers.batchNorm());
  }

  /** {@code ceil(out / ratio)}: the channels the primary convolution makes. */
  static int primaryChannels(int outChannels, int ratio) {
    return (outChannels + ratio - 1) / ratio;
  }

  /**
   * Multiply-accumulates on an input of {@code inChannels × height × width} (convention of {@link
   * MultiplyAccumulates}; the depthwise convolution is {@code ghosts·H'·W'·(init/init)·d²}).
   */
  static long multiplyAccumulates(
      int inChannels,
      int outChannels,
      int kernel,
      int stride,
      int ratio,
      int dwKernel,
      int height,
      int width) {
    int outHeight = MultiplyAccumulates.outputSize(height, kernel, stride, kernel / 2);
    int outWidth = MultiplyAccumulates.outputSize(width, kernel, stride, kernel / 2);
    int init = primaryChannels(outChannels, ratio);
    return MultiplyAccumulates.conv(init, outHeight, outWidth, inChannels, kernel)
        + MultiplyAccumulates.conv((long) init * (ratio - 1), outHeight, outWidth, 1, dwKernel);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDArray x1 = primaryConv.forward(parameterStore, inputs, training, params).head();
    x1 = primaryBn.forward(parameterStore, new NDList(x1), training, params).head();
    if (relu) {
      x1 = Activation.relu(x1);
    }
    NDArray x2 = cheapConv.forward(parameterStore, new NDList(x1), training, params).head();
    x2 = cheapBn.forward(parameterStore, new NDList(x2), training, params).head();
    if (relu) {
      x2 = Activation.relu(x2);
    }
    NDArray out = NDArrays.concat(new NDList(x1, x2), 1);
    if (out.getShape().get(1) > outChannels) {
      out = out.get(new NDIndex(":, :{}", outChannels));
    }
    return new NDList(out);
  }

  /** {@code concat(x1, x2)[:, :out]} with the primary and cheap convolutions' nodes. */
  @Override
  public String emitOnnx(OnnxGraph graph, String name, String input) {
    String x1 = DjlLayerNodes.conv(graph, OnnxGraph.path(name, "primary_conv"), primaryConv, input);
    x1 = ReferenceLayers.batchNormNode(graph, OnnxGraph.path(name, "primary_bn"), primaryBn, x1);
    if (relu) {
      x1 = graph.relu(OnnxGraph.path(name, "primary_relu"), x1);
    }
    String x2 = DjlLayerNodes.conv(graph, OnnxGraph.path(name, "cheap_conv"), cheapConv, x1);
    x2 = ReferenceLayers.batchNormNode(graph, OnnxGraph.path(name, "cheap_bn"), cheapBn, x2);
    if (relu) {
      x2 = graph.relu(OnnxGraph.path(name, "cheap_relu"), x2);
    }
    String out = graph.concatChannels(OnnxGraph.path(name, "concat"), x1, x2);
    if (primaryConv.getFilters() + cheapConv.getFilters() > outChannels) {
      out = graph.firstChannels(OnnxGraph.path(name, "out"), out, outChannels);
    }
    return out;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape primary = primaryConv.getOutputShapes(inputShapes)[0];
    return new Shape[] {new Shape(primary.get(0), outChannels, primary.get(2), primary.get(3))};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    primaryConv.initialize(manager, dataType, inputShapes);
    Shape primary = primaryConv.getOutputShapes(inputShapes)[0];
    primaryBn.initialize(manager, dataType, primary);
    cheapConv.initialize(manager, dataType, primary);
    Shape cheap = cheapConv.getOutputShapes(new Shape[] {primary})[0];
    cheapBn.initialize(manager, dataType, cheap);
  }
}
