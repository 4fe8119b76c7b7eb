package dev.distillery.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.distillery.models.onnx.DjlLayerNodes;
import dev.distillery.models.onnx.OnnxGraph;
import java.util.Optional;

/**
 * The post-activation residual block of RepDistiller's CIFAR ResNets: {@code relu(bn2(conv2(
 * relu(bn1(conv1(x))))) + shortcut(x))}, with 3x3 bias-free convolutions and a 1x1 convolution +
 * batch norm shortcut when the stride or the width changes.
 *
 * <p>Outputs {@code NDList(out, preact)} where {@code preact} is the sum before the final ReLU.
 */
final class BasicBlock extends ResidualBlock {

  /** RepDistiller's blocks. */
  static final ResidualBlock.Kind KIND =
      new ResidualBlock.Kind() {
        @Override
        public ResidualBlock create(int inPlanes, int planes, int stride) {
          return new BasicBlock(inPlanes, planes, stride);
        }

        @Override
        public long multiplyAccumulates(
            int inPlanes, int planes, int stride, int height, int width) {
          return BasicBlock.multiplyAccumulates(inPlanes, planes, stride, height, width);
        }
      };

  private final Conv2d conv1;
  private final BatchNorm bn1;
  private final Conv2d conv2;
  private final BatchNorm bn2;
  private final Conv2d downsampleConv;
  private final BatchNorm downsampleBn;

  BasicBlock(int inPlanes, int planes, int stride) {
    conv1 = addChildBlock("conv1", ReferenceLayers.kaimingConv(planes, 3, stride, 1));
    bn1 = addChildBlock("bn1", ReferenceLayers.batchNorm());
    conv2 = addChildBlock("conv2", ReferenceLayers.kaimingConv(planes, 3, 1, 1));
    bn2 = addChildBlock("bn2", ReferenceLayers.batchNorm());
    if (stride != 1 || inPlanes != planes) {
      downsampleConv =
          addChildBlock("downsample_conv", ReferenceLayers.kaimingConv(planes, 1, stride, 0));
      downsampleBn = addChildBlock("downsample_bn", ReferenceLayers.batchNorm());
    } else {
      downsampleConv = null;
      downsampleBn = null;
    }
  }

  /** {@code bn2} (OFD's {@code get_bn_before_relu}). */
  @Override
  Optional<BatchNorm> lastBatchNorm() {
    return Optional.of(bn2);
  }

  /** Multiply-accumulates of this block on an input of the given size (MAC convention above). */
  static long multiplyAccumulates(int inPlanes, int planes, int stride, int height, int width) {
    int outHeight = MultiplyAccumulates.outputSize(height, 3, stride, 1);
    int outWidth = MultiplyAccumulates.outputSize(width, 3, stride, 1);
    long macs =
        MultiplyAccumulates.conv(planes, outHeight, outWidth, inPlanes, 3)
            + MultiplyAccumulates.conv(planes, outHeight, outWidth, planes, 3);
    if (stride != 1 || inPlanes != planes) {
      macs += MultiplyAccumulates.conv(planes, outHeight, outWidth, inPlanes, 1);
    }
    return macs;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDArray out = conv1.forward(parameterStore, inputs, training, params).head();
    out = bn1.forward(parameterStore, new NDList(out), training, params).head();
    out = Activation.relu(out);
    out = conv2.forward(parameterStore, new NDList(out), training, params).head();
    out = bn2.forward(parameterStore, new NDList(out), training, params).head();
    NDArray residual = inputs.head();
    if (downsampleConv != null) {
      residual = downsampleConv.forward(parameterStore, inputs, training, params).head();
      residual =
          downsampleBn.forward(parameterStore, new NDList(residual), training, params).head();
    }
    NDArray preact = out.add(residual);
    return new NDList(Activation.relu(preact), preact);
  }

  /** {@code relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))}. */
  @Override
  public String emitOnnx(OnnxGraph graph, String name, String input) {
    String out = DjlLayerNodes.conv(graph, OnnxGraph.path(name, "conv1"), conv1, input);
    out = ReferenceLayers.batchNormNode(graph, OnnxGraph.path(name, "bn1"), bn1, out);
    out = graph.relu(OnnxGraph.path(name, "relu1"), out);
    out = DjlLayerNodes.conv(graph, OnnxGraph.path(name, "conv2"), conv2, out);
    out = ReferenceLayers.batchNormNode(graph, OnnxGraph.path(name, "bn2"), bn2, out);
    String residual = input;
    if (downsampleConv != null) {
      residual =
          DjlLayerNodes.conv(graph, OnnxGraph.path(name, "downsample_conv"), downsampleConv, input);
      residual =
          ReferenceLayers.batchNormNode(
              graph, OnnxGraph.path(name, "downsample_bn"), downsampleBn, residual);
    }
    String preact = graph.add(OnnxGraph.path(name, "preact"), out, residual);
    return graph.relu(OnnxGraph.path(name, "out"), preact);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape out = conv1.getOutputShapes(inputShapes)[0];
    return new Shape[] {out, out};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    conv1.initialize(manager, dataType, inputShapes);
    Shape out = conv1.getOutputShapes(inputShapes)[0];
    bn1.initialize(manager, dataType, out);
    conv2.initialize(manager, dataType, out);
    bn2.initialize(manager, dataType, out);
    if (downsampleConv != null) {
      downsampleConv.initialize(manager, dataType, inputShapes);
      downsampleBn.initialize(manager, dataType, out);
    }
  }
}
