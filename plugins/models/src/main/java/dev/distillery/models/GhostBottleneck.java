package dev.distillery.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.distillery.models.onnx.DjlLayerNodes;
import dev.distillery.models.onnx.OnnxExportable;
import dev.distillery.models.onnx.OnnxGraph;

/**
 * The Ghost bottleneck of ghostnet.py ({@code GhostBottleneck}), an inverted residual block with a
 * linear output:
 *
 * <pre>
 * y = GhostModule(in → mid, 1×1, ReLU)(x)                         expansion
 * y = BN(depthwise k×k, stride s, pad (k−1)/2)(y)                  only when s > 1
 * y = SqueezeExcite(mid, se-ratio)(y)                              only when se-ratio > 0
 * y = GhostModule(mid → out, 1×1, no ReLU)(y)                      linear projection
 * out = y + shortcut(x)                                            no ReLU after the sum
 * shortcut = identity when in = out and s = 1, else
 *            BN(1×1 in → out)(BN(depthwise k×k, stride s)(x))
 * </pre>
 *
 * Bias-free convolutions with PyTorch's default initialisation (ghostnet.py sets none). The
 * reference builds its two Ghost modules with the defaults ratio 2 and depthwise kernel 3; here
 * they are {@code ratio} and {@code dwKernel} ({@link GhostOptions}), the reference's at their
 * defaults. Parameters in the reference's {@code state_dict} order.
 */
final class GhostBottleneck extends AbstractBlock implements OnnxExportable {

  private static final ReferenceLayers.ConvInitialisation INIT =
      ReferenceLayers.ConvInitialisation.TORCH_DEFAULT;

  private final GhostModule ghost1;
  private final Conv2d convDw;
  private final BatchNorm bnDw;
  private final SqueezeExcite se;
  private final GhostModule ghost2;
  private final Conv2d shortcutDw;
  private final BatchNorm shortcutDwBn;
  private final Conv2d shortcutConv;
  private final BatchNorm shortcutBn;

  /**
   * @param in channels in
   * @param mid channels of the expansion ({@code exp_size})
   * @param out channels out
   * @param kernel the depthwise kernel of the strided convolution and of the shortcut ({@code
   *     dw_kernel_size}, 3 or 5 in GhostNet)
   * @param stride 1 or 2
   * @param seRatio squeeze-and-excitation reduction (0: none; GhostNet uses 0.25)
   * @param ratio the Ghost modules' ratio
   * @param dwKernel the Ghost modules' cheap depthwise kernel
   */
  GhostBottleneck(
      int in, int mid, int out, int kernel, int stride, double seRatio, int ratio, int dwKernel) {
    ghost1 = addChildBlock("ghost1", new GhostModule(mid, 1, 1, ratio, dwKernel, true, INIT));
    if (stride > 1) {
      convDw = addChildBlock("conv_dw", INIT.conv(mid, kernel, stride, (kernel - 1) / 2, mid));
      bnDw = addChildBlock("bn_dw", ReferenceLayers.batchNorm());
    } else {
      convDw = null;
      bnDw = null;
    }
    se = seRatio > 0 ? addChildBlock("se", new SqueezeExcite(mid, seRatio)) : null;
    ghost2 = addChildBlock("ghost2", new GhostModule(out, 1, 1, ratio, dwKernel, false, INIT));
    if (in == out && stride == 1) {
      shortcutDw = null;
      shortcutDwBn = null;
      shortcutConv = null;
      shortcutBn = null;
    } else {
      shortcutDw =
          addChildBlock("shortcut_dw", INIT.conv(in, kernel, stride, (kernel - 1) / 2, in));
      shortcutDwBn = addChildBlock("shortcut_dw_bn", ReferenceLayers.batchNorm());
      shortcutConv = addChildBlock("shortcut_conv", INIT.conv(out, 1, 1, 0, 1));
      shortcutBn = addChildBlock("shortcut_bn", ReferenceLayers.batchNorm());
    }
  }

  /** Multiply-accumulates on an input of {@code in × height × width}. */
  static long multiplyAccumulates(
      int in,
      int mid,
      int out,
      int kernel,
      int stride,
      double seRatio,
      int ratio,
      int dwKernel,
      int height,
      int width) {
    long macs = GhostModule.multiplyAccumulates(in, mid, 1, 1, ratio, dwKernel, height, width);
    int outHeight = MultiplyAccumulates.outputSize(height, kernel, stride, (kernel - 1) / 2);
    int outWidth = MultiplyAccumulates.outputSize(width, kernel, stride, (kernel - 1) / 2);
    if (stride > 1) {
      macs += MultiplyAccumulates.conv(mid, outHeight, outWidth, 1, kernel);
    } else {
      outHeight = height;
      outWidth = width;
    }
    if (seRatio > 0) {
      macs += SqueezeExcite.multiplyAccumulates(mid, seRatio);
    }
    macs += GhostModule.multiplyAccumulates(mid, out, 1, 1, ratio, dwKernel, outHeight, outWidth);
    if (in != out || stride != 1) {
      macs +=
          MultiplyAccumulates.conv(in, outHeight, outWidth, 1, kernel)
              + MultiplyAccumulates.conv(out, outHeight, outWidth, in, 1);
    }
    return macs;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDList y = ghost1.forward(parameterStore, inputs, training, params);
    if (convDw != null) {
      y = convDw.forward(parameterStore, y, training, params);
      y = bnDw.forward(parameterStore, y, training, params);
    }
    if (se != null) {
      y = se.forward(parameterStore, y, training, params);
    }
    NDArray branch = ghost2.forward(parameterStore, y, training, params).head();
    NDArray residual = inputs.head();
    if (shortcutDw != null) {
      NDList s = shortcutDw.forward(parameterStore, inputs, training, params);
      s = shortcutDwBn.forward(parameterStore, s, training, params);
      s = shortcutConv.forward(parameterStore, s, training, params);
      residual = shortcutBn.forward(parameterStore, s, training, params).head();
    }
    return new NDList(branch.add(residual));
  }

  /** {@code ghost2(se(bn_dw(conv_dw(ghost1(x))))) + shortcut(x)}, no ReLU after the sum. */
  @Override
  public String emitOnnx(OnnxGraph graph, String name, String input) {
    String y = ghost1.emitOnnx(graph, OnnxGraph.path(name, "ghost1"), input);
    if (convDw != null) {
      y = DjlLayerNodes.conv(graph, OnnxGraph.path(name, "conv_dw"), convDw, y);
      y = ReferenceLayers.batchNormNode(graph, OnnxGraph.path(name, "bn_dw"), bnDw, y);
    }
    if (se != null) {
      y = se.emitOnnx(graph, OnnxGraph.path(name, "se"), y);
    }
    String branch = ghost2.emitOnnx(graph, OnnxGraph.path(name, "ghost2"), y);
    String residual = input;
    if (shortcutDw != null) {
      residual = DjlLayerNodes.conv(graph, OnnxGraph.path(name, "shortcut_dw"), shortcutDw, input);
      residual =
          ReferenceLayers.batchNormNode(
              graph, OnnxGraph.path(name, "shortcut_dw_bn"), shortcutDwBn, residual);
      residual =
          DjlLayerNodes.conv(graph, OnnxGraph.path(name, "shortcut_conv"), shortcutConv, residual);
      residual =
          ReferenceLayers.batchNormNode(
              graph, OnnxGraph.path(name, "shortcut_bn"), shortcutBn, residual);
    }
    return graph.add(OnnxGraph.path(name, "out"), branch, residual);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape[] shapes = ghost1.getOutputShapes(inputShapes);
    if (convDw != null) {
      shapes = convDw.getOutputShapes(shapes);
    }
    return ghost2.getOutputShapes(shapes);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    ghost1.initialize(manager, dataType, inputShapes);
    Shape[] shapes = ghost1.getOutputShapes(inputShapes);
    if (convDw != null) {
      convDw.initialize(manager, dataType, shapes);
      shapes = convDw.getOutputShapes(shapes);
      bnDw.initialize(manager, dataType, shapes);
    }
    if (se != null) {
      se.initialize(manager, dataType, shapes);
    }
    ghost2.initialize(manager, dataType, shapes);
    if (shortcutDw != null) {
      shortcutDw.initialize(manager, dataType, inputShapes);
      Shape[] s = shortcutDw.getOutputShapes(inputShapes);
      shortcutDwBn.initialize(manager, dataType, s);
      shortcutConv.initialize(manager, dataType, s);
      shortcutBn.initialize(manager, dataType, shortcutConv.getOutputShapes(s));
    }
  }
}
