package dev.distillery.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
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
 * The pre-activation block of RepDistiller's wide ResNets ({@code models/wrn.py}, dropout 0): with
 * {@code a = relu(bn1(x))}, it returns {@code x + conv2(relu(bn2(conv1(a))))} when the width is
 * unchanged, and {@code convShortcut(a) + conv2(relu(bn2(conv1(a))))} (a 1x1 convolution of the
 * activated input) when it changes.
 *
 * <p>Outputs {@code NDList(out, bn1(x))}: the second output is the block's input after its first
 * batch norm and before its first ReLU, which is what wrn.py's {@code preact=True} returns for the
 * preceding stage (computed once here, so the batch norm's running statistics update once).
 */
final class WideBasicBlock extends AbstractBlock implements OnnxExportable {

  private final BatchNorm bn1;
  private final Conv2d conv1;
  private final BatchNorm bn2;
  private final Conv2d conv2;
  private final Conv2d convShortcut;

  WideBasicBlock(int inPlanes, int outPlanes, int stride) {
    bn1 = addChildBlock("bn1", ReferenceLayers.batchNorm());
    conv1 = addChildBlock("conv1", ReferenceLayers.kaimingConv(outPlanes, 3, stride, 1));
    bn2 = addChildBlock("bn2", ReferenceLayers.batchNorm());
    conv2 = addChildBlock("conv2", ReferenceLayers.kaimingConv(outPlanes, 3, 1, 1));
    convShortcut =
        inPlanes == outPlanes
            ? null
            : addChildBlock("convShortcut", ReferenceLayers.kaimingConv(outPlanes, 1, stride, 0));
  }

  /** The block's first batch norm, whose output is the block's second output. */
  BatchNorm firstBatchNorm() {
    return bn1;
  }

  /** Multiply-accumulates of this block on an input of the given size. */
  static long multiplyAccumulates(int inPlanes, int outPlanes, int stride, int height, int width) {
    int outHeight = MultiplyAccumulates.outputSize(height, 3, stride, 1);
    int outWidth = MultiplyAccumulates.outputSize(width, 3, stride, 1);
    long macs =
        MultiplyAccumulates.conv(outPlanes, outHeight, outWidth, inPlanes, 3)
            + MultiplyAccumulates.conv(outPlanes, outHeight, outWidth, outPlanes, 3);
    if (inPlanes != outPlanes) {
      macs += MultiplyAccumulates.conv(outPlanes, outHeight, outWidth, inPlanes, 1);
    }
    return macs;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.head();
    NDArray normalised = bn1.forward(parameterStore, inputs, training, params).head();
    NDArray activated = Activation.relu(normalised);
    NDArray out = conv1.forward(parameterStore, new NDList(activated), training, params).head();
    out = Activation.relu(bn2.forward(parameterStore, new NDList(out), training, params).head());
    out = conv2.forward(parameterStore, new NDList(out), training, params).head();
    NDArray shortcut =
        convShortcut == null
            ? x
            : convShortcut.forward(parameterStore, new NDList(activated), training, params).head();
    return new NDList(shortcut.add(out), normalised);
  }

  /** {@code shortcut + conv2(relu(bn2(conv1(relu(bn1(x))))))}. */
  @Override
  public String emitOnnx(OnnxGraph graph, String name, String input) {
    String normalised =
        ReferenceLayers.batchNormNode(graph, OnnxGraph.path(name, "bn1"), bn1, input);
    String activated = graph.relu(OnnxGraph.path(name, "relu1"), normalised);
    String out = DjlLayerNodes.conv(graph, OnnxGraph.path(name, "conv1"), conv1, activated);
    out = ReferenceLayers.batchNormNode(graph, OnnxGraph.path(name, "bn2"), bn2, out);
    out = graph.relu(OnnxGraph.path(name, "relu2"), out);
    out = DjlLayerNodes.conv(graph, OnnxGraph.path(name, "conv2"), conv2, out);
    String shortcut =
        convShortcut == null
            ? input
            : DjlLayerNodes.conv(
                graph, OnnxGraph.path(name, "convShortcut"), convShortcut, activated);
    return graph.add(OnnxGraph.path(name, "out"), shortcut, out);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {conv1.getOutputShapes(inputShapes)[0], inputShapes[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    bn1.initialize(manager, dataType, inputShapes);
    conv1.initialize(manager, dataType, inputShapes);
    Shape out = conv1.getOutputShapes(inputShapes)[0];
    bn2.initialize(manager, dataType, out);
    conv2.initialize(manager, dataType, out);
    if (convShortcut != null) {
      convShortcut.initialize(manager, dataType, inputShapes);
    }
  }
}
