package dev.distillery.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.distillery.models.onnx.OnnxGraph;
import java.util.Optional;

/**
 * RepDistiller's {@link BasicBlock} with each convolution replaced by a {@link GhostModule}, as the
 * GhostNet paper's CIFAR-10 experiment replaces every convolution of ResNet-56 but the first. A
 * Ghost module brings its own batch norms (and ReLUs), so it replaces a convolution together with
 * the batch norm (and ReLU) that follow it:
 *
 * <pre>
 * BasicBlock                                   GhostBasicBlock
 * relu(bn1(conv1 3×3/stride (x)))          →   ghost1 = GhostModule(3×3, stride, relu)(x)
 * bn2(conv2 3×3 (·))                       →   ghost2 = GhostModule(3×3, no relu)(ghost1)
 * shortcut bn(conv 1×1/stride (x))         →   GhostModule(1×1, stride, no relu)(x)
 * out = relu(branch + shortcut)                out = relu(ghost2 + shortcut)
 * </pre>
 *
 * The shortcut is a Ghost module only where the block changes stride or width (RepDistiller's
 * projection shortcut, "option B"); elsewhere it is the identity. Outputs {@code NDList(out,
 * preact)}, {@code preact} the sum before the final ReLU. No single batch norm produces {@code
 * ghost2}'s channels (its primary and cheap halves have one each), so {@link #lastBatchNorm} is
 * empty.
 */
final class GhostBasicBlock extends ResidualBlock {

  private final GhostModule ghost1;
  private final GhostModule ghost2;
  private final GhostModule downsample;

  GhostBasicBlock(int inPlanes, int planes, int stride, int ratio, int dwKernel) {
    ReferenceLayers.ConvInitialisation init =
        ReferenceLayers.ConvInitialisation.KAIMING_NORMAL_FAN_OUT;
    ghost1 =
        addChildBlock("ghost1", new GhostModule(planes, 3, stride, ratio, dwKernel, true, init));
    ghost2 = addChildBlock("ghost2", new GhostModule(planes, 3, 1, ratio, dwKernel, false, init));
    downsample =
        stride != 1 || inPlanes != planes
            ? addChildBlock(
                "downsample", new GhostModule(planes, 1, stride, ratio, dwKernel, false, init))
            : null;
  }

  /** Ghost blocks of ratio s and depthwise kernel d. */
  static ResidualBlock.Kind kind(int ratio, int dwKernel) {
    return new ResidualBlock.Kind() {
      @Override
      public ResidualBlock create(int inPlanes, int planes, int stride) {
        return new GhostBasicBlock(inPlanes, planes, stride, ratio, dwKernel);
      }

      @Override
      public long multiplyAccumulates(int inPlanes, int planes, int stride, int height, int width) {
        int outHeight = MultiplyAccumulates.outputSize(height, 3, stride, 1);
        int outWidth = MultiplyAccumulates.outputSize(width, 3, stride, 1);
        long macs =
            GhostModule.multiplyAccumulates(
                    inPlanes, planes, 3, stride, ratio, dwKernel, height, width)
                + GhostModule.multiplyAccumulates(
                    planes, planes, 3, 1, ratio, dwKernel, outHeight, outWidth);
        if (stride != 1 || inPlanes != planes) {
          macs +=
              GhostModule.multiplyAccumulates(
                  inPlanes, planes, 1, stride, ratio, dwKernel, height, width);
        }
        return macs;
      }
    };
  }

  /** Empty: {@code ghost2}'s primary and cheap channels have a batch norm each. */
  @Override
  Optional<BatchNorm> lastBatchNorm() {
    return Optional.empty();
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDList out = ghost1.forward(parameterStore, inputs, training, params);
    NDArray branch = ghost2.forward(parameterStore, out, training, params).head();
    NDArray residual =
        downsample == null
            ? inputs.head()
            : downsample.forward(parameterStore, inputs, training, params).head();
    NDArray preact = branch.add(residual);
    return new NDList(Activation.relu(preact), preact);
  }

  /** {@code relu(ghost2(ghost1(x)) + shortcut(x))}. */
  @Override
  public String emitOnnx(OnnxGraph graph, String name, String input) {
    String branch = ghost1.emitOnnx(graph, OnnxGraph.path(name, "ghost1"), input);
    branch = ghost2.emitOnnx(graph, OnnxGraph.path(name, "ghost2"), branch);
    String residual =
        downsample == null
            ? input
            : downsample.emitOnnx(graph, OnnxGraph.path(name, "downsample"), input);
    String preact = graph.add(OnnxGraph.path(name, "preact"), branch, residual);
    return graph.relu(OnnxGraph.path(name, "out"), preact);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape out = ghost1.getOutputShapes(inputShapes)[0];
    return new Shape[] {out, out};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    ghost1.initialize(manager, dataType, inputShapes);
    Shape out = ghost1.getOutputShapes(inputShapes)[0];
    ghost2.initialize(manager, dataType, out);
    if (downsample != null) {
      downsample.initialize(manager, dataType, inputShapes);
    }
  }
}
