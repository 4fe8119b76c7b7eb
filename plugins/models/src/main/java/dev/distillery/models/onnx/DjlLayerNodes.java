package dev.distillery.models.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ONNX nodes of DJL's own layers, with their current parameters as initialisers: {@link Conv2d}
 * → {@code Conv}, {@link BatchNorm} in inference mode (running statistics) → {@code
 * BatchNormalization}, {@link Linear} → {@code Gemm} with the weight transposed.
 */
public final class DjlLayerNodes {

  private DjlLayerNodes() {}

  /** {@code Conv} with the convolution's kernel, stride, padding, dilation, groups and bias. */
  public static String conv(OnnxGraph graph, String name, Conv2d conv, String x) {
    List<String> inputs = new ArrayList<>(List.of(x));
    inputs.add(parameter(graph, name + ".weight", conv, Parameter.Type.WEIGHT));
    if (conv.isIncludeBias()) {
      inputs.add(parameter(graph, name + ".bias", conv, Parameter.Type.BIAS));
    }
    Shape kernel = conv.getKernelShape();
    Shape stride = conv.getStride();
    Shape padding = conv.getPadding();
    Shape dilation = conv.getDilation();
    return graph.node(
        name,
        "Conv",
        inputs,
        OnnxGraph.ints("kernel_shape", kernel.getShape()),
        OnnxGraph.ints("strides", stride.getShape()),
        OnnxGraph.ints("pads", padding.get(0), padding.get(1), padding.get(0), padding.get(1)),
        OnnxGraph.ints("dilations", dilation.getShape()),
        OnnxGraph.integer("group", conv.getGroups()));
  }

  /**
   * {@code BatchNormalization} in inference mode: {@code (x − running mean) / sqrt(running var +
   * epsilon) · gamma + beta}.
   *
   * @param epsilon the epsilon the batch norm was built with (DJL does not expose it)
   */
  public static String batchNorm(
      OnnxGraph graph, String name, BatchNorm norm, float epsilon, String x) {
    float[] mean = values(norm, Parameter.Type.RUNNING_MEAN);
    float[] variance = values(norm, Parameter.Type.RUNNING_VAR);
    float[] gamma = find(norm, Parameter.Type.GAMMA);
    float[] beta = find(norm, Parameter.Type.BETA);
    if (gamma == null) {
      gamma = new float[mean.length];
      Arrays.fill(gamma, 1f);
    }
    if (beta == null) {
      beta = new float[mean.length];
    }
    long channels = mean.length;
    return graph.node(
        name,
        "BatchNormalization",
        List.of(
            x,
            graph.constant(name + ".gamma", gamma, channels),
            graph.constant(name + ".beta", beta, channels),
            graph.constant(name + ".running_mean", mean, channels),
            graph.constant(name + ".running_var", variance, channels)),
        OnnxGraph.real("epsilon", epsilon));
  }

  /** {@code Gemm(x, W, b, transB=1)}: {@code x · Wᵀ + b} on {@code N × in} inputs. */
  public static String linear(OnnxGraph graph, String name, Linear linear, String x) {
    List<String> inputs = new ArrayList<>(List.of(x));
    inputs.add(parameter(graph, name + ".weight", linear, Parameter.Type.WEIGHT));
    if (find(linear, Parameter.Type.BIAS) != null) {
      inputs.add(parameter(graph, name + ".bias", linear, Parameter.Type.BIAS));
    }
    return graph.node(name, "Gemm", inputs, OnnxGraph.integer("transB", 1));
  }

  /** Adds a parameter of {@code block} as an initialiser of its own shape. */
  private static String parameter(OnnxGraph graph, String name, Block block, Parameter.Type type) {
    NDArray array = array(block, type);
    return graph.constant(name, floats(array), array.getShape().getShape());
  }

  private static float[] values(Block block, Parameter.Type type) {
    return floats(array(block, type));
  }

  private static float[] find(Block block, Parameter.Type type) {
    for (Parameter parameter : block.getDirectParameters().values()) {
      if (parameter.getType() == type && parameter.isInitialized()) {
        return floats(parameter.getArray());
      }
    }
    return null;
  }

  private static NDArray array(Block block, Parameter.Type type) {
    for (Parameter parameter : block.getDirectParameters().values()) {
      if (parameter.getType() == type) {
        if (!parameter.isInitialized()) {
          throw new IllegalStateException(
              "parameter " + parameter.getName() + " is not initialised; load the model first");
        }
        return parameter.getArray();
      }
    }
    throw new IllegalStateException(
        block.getClass().getSimpleName() + " has no " + type + " parameter");
  }

  private static float[] floats(NDArray array) {
    return array.toType(DataType.FLOAT32, false).toFloatArray();
  }
}
