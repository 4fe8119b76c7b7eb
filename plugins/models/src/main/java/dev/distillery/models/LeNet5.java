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
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.distillery.models.onnx.DjlLayerNodes;
import dev.distillery.models.onnx.OnnxExportable;
import dev.distillery.models.onnx.OnnxGraph;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.Network;
import dev.distillery.spi.UserException;
import java.util.List;

/**
 * LeNet-5 as in DAFL ({@code lenet.py} of huawei-noah/Efficient-Computing): conv5x5 relu maxpool2,
 * conv5x5 relu maxpool2, conv5x5 relu, fc relu, fc. Convolutions and linear layers have biases and
 * PyTorch's default initialisation; there is no batch norm.
 *
 * <p>Outputs {@code NDList(conv1, conv1.pre, conv2, conv2.pre, conv3, conv3.pre, fc1, fc1.pre,
 * logits)}: {@code <layer>.pre} is the layer's output before its ReLU, {@code <layer>} the output
 * after the ReLU and before any pooling. {@code conv3} is 4-D, {@code (N, 120, 1, 1)} on 32x32
 * inputs; DAFL's {@code feature} is its flattened form.
 *
 * <p>Without batch norm, no feature point maps to one: {@link Network#batchNormOf} is empty for
 * every point, and methods that need it (ofd) refuse LeNet-5 teachers.
 */
public final class LeNet5 extends AbstractBlock implements OnnxExportable {

  /** Feature point names, in output order. */
  public static final List<String> FEATURE_POINTS =
      List.of("conv1", "conv1.pre", "conv2", "conv2.pre", "conv3", "conv3.pre", "fc1", "fc1.pre");

  private static final int KERNEL = 5;
  private static final Shape POOL = new Shape(2, 2);
  private static final Shape NO_PADDING = new Shape(0, 0);

  private final Conv2d conv1;
  private final Conv2d conv2;
  private final Conv2d conv3;
  private final Linear fc1;
  private final Linear fc2;

  private LeNet5(ModelInput input, int[] widths, long flatFeatures) {
    conv1 =
        addChildBlock(
            "conv1", ReferenceLayers.torchDefaultConv(input.channels(), widths[0], KERNEL));
    conv2 = addChildBlock("conv2", ReferenceLayers.torchDefaultConv(widths[0], widths[1], KERNEL));
    conv3 = addChildBlock("conv3", ReferenceLayers.torchDefaultConv(widths[1], widths[2], KERNEL));
    fc1 = addChildBlock("fc1", ReferenceLayers.torchDefaultLinear(flatFeatures, widths[3]));
    fc2 = addChildBlock("fc2", ReferenceLayers.torchDefaultLinear(widths[3], input.classes()));
  }

  /**
   * Builds a LeNet-5 network.
   *
   * @param architecture the model id, e.g. {@code lenet5}
   * @param widths filters of conv1, conv2, conv3 and units of fc1: {@code {6, 16, 120, 84}} for
   *     LeNet-5, {@code {3, 8, 60, 42}} for LeNet-5-half
   * @param input the input; at least 32x32 pixels (larger inputs give a larger conv3 map that is
   *     flattened into fc1)
   */
  public static Network network(String architecture, int[] widths, ModelInput input) {
    if (widths.length != 4) {
      throw new IllegalArgumentException("LeNet-5 needs 4 widths, got " + widths.length);
    }
    int h1 = input.height() - (KERNEL - 1);
    int w1 = input.width() - (KERNEL - 1);
    int h2 = h1 / 2 - (KERNEL - 1);
    int w2 = w1 / 2 - (KERNEL - 1);
    int h3 = h2 / 2 - (KERNEL - 1);
    int w3 = w2 / 2 - (KERNEL - 1);
    if (h3 < 1 || w3 < 1) {
      throw new UserException(
          "model '"
              + architecture
              + "' needs images of at least 32x32 pixels, got "
              + input.height()
              + "x"
              + input.width()
              + "; pad the images to 32x32 (e.g. zero-pad Fashion-MNIST's 28x28 by 2 pixels)");
    }
    long flat = (long) widths[2] * h3 * w3;
    long macs =
        MultiplyAccumulates.conv(widths[0], h1, w1, input.channels(), KERNEL)
            + MultiplyAccumulates.conv(widths[1], h2, w2, widths[0], KERNEL)
            + MultiplyAccumulates.conv(widths[2], h3, w3, widths[1], KERNEL)
            + MultiplyAccumulates.linear(flat, widths[3])
            + MultiplyAccumulates.linear(widths[3], input.classes());
    return new Network(architecture, new LeNet5(input, widths, flat), input, FEATURE_POINTS, macs)
        .withClassifierInput("conv3");
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDArray conv1Pre = conv1.forward(parameterStore, inputs, training, params).head();
    NDArray conv1Out = Activation.relu(conv1Pre);
    NDArray conv2Pre =
        conv2.forward(parameterStore, new NDList(maxPool(conv1Out)), training, params).head();
    NDArray conv2Out = Activation.relu(conv2Pre);
    NDArray conv3Pre =
        conv3.forward(parameterStore, new NDList(maxPool(conv2Out)), training, params).head();
    NDArray conv3Out = Activation.relu(conv3Pre);
    NDArray flat = conv3Out.reshape(conv3Out.getShape().get(0), -1);
    NDArray fc1Pre = fc1.forward(parameterStore, new NDList(flat), training, params).head();
    NDArray fc1Out = Activation.relu(fc1Pre);
    NDArray logits = fc2.forward(parameterStore, new NDList(fc1Out), training, params).head();
    return new NDList(
        conv1Out, conv1Pre, conv2Out, conv2Pre, conv3Out, conv3Pre, fc1Out, fc1Pre, logits);
  }

  @Override
  public String emitOnnx(OnnxGraph graph, String name, String input) {
    String x = conv(graph, name, "conv1", conv1, input);
    x = graph.maxPool(OnnxGraph.path(name, "pool1"), x, 2, 2);
    x = conv(graph, name, "conv2", conv2, x);
    x = graph.maxPool(OnnxGraph.path(name, "pool2"), x, 2, 2);
    x = conv(graph, name, "conv3", conv3, x);
    x = graph.flatten(OnnxGraph.path(name, "flatten"), x);
    x = DjlLayerNodes.linear(graph, OnnxGraph.path(name, "fc1"), fc1, x);
    x = graph.relu(OnnxGraph.path(name, "fc1.relu"), x);
    return DjlLayerNodes.linear(graph, OnnxGraph.path(name, "fc2"), fc2, x);
  }

  /** A convolution and its ReLU. */
  private static String conv(OnnxGraph graph, String name, String layer, Conv2d conv, String x) {
    String pre = DjlLayerNodes.conv(graph, OnnxGraph.path(name, layer), conv, x);
    return graph.relu(OnnxGraph.path(name, layer + ".relu"), pre);
  }

  private static NDArray maxPool(NDArray x) {
    return Pool.maxPool2d(x, POOL, POOL, NO_PADDING, false);
  }

  private static Shape pooled(Shape shape) {
    return new Shape(shape.get(0), shape.get(1), shape.get(2) / 2, shape.get(3) / 2);
  }

  private static Shape flattened(Shape shape) {
    return new Shape(shape.get(0), shape.size() / shape.get(0));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape c1 = conv1.getOutputShapes(inputShapes)[0];
    Shape c2 = conv2.getOutputShapes(new Shape[] {pooled(c1)})[0];
    Shape c3 = conv3.getOutputShapes(new Shape[] {pooled(c2)})[0];
    Shape f1 = fc1.getOutputShapes(new Shape[] {flattened(c3)})[0];
    Shape logits = fc2.getOutputShapes(new Shape[] {f1})[0];
    return new Shape[] {c1, c1, c2, c2, c3, c3, f1, f1, logits};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    conv1.initialize(manager, dataType, inputShapes);
    Shape c1 = conv1.getOutputShapes(inputShapes)[0];
    conv2.initialize(manager, dataType, pooled(c1));
    Shape c2 = conv2.getOutputShapes(new Shape[] {pooled(c1)})[0];
    conv3.initialize(manager, dataType, pooled(c2));
    Shape c3 = conv3.getOutputShapes(new Shape[] {pooled(c2)})[0];
    fc1.initialize(manager, dataType, flattened(c3));
    Shape f1 = fc1.getOutputShapes(new Shape[] {flattened(c3)})[0];
    fc2.initialize(manager, dataType, f1);
  }
}
