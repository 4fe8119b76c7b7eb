package dev.distillery.models.onnx;

import com.google.protobuf.ByteString;
import dev.distillery.models.onnx.OnnxIr.AttributeProto;
import dev.distillery.models.onnx.OnnxIr.GraphProto;
import dev.distillery.models.onnx.OnnxIr.NodeProto;
import dev.distillery.models.onnx.OnnxIr.TensorProto;
import dev.distillery.models.onnx.OnnxIr.TensorShapeProto;
import dev.distillery.models.onnx.OnnxIr.TypeProto;
import dev.distillery.models.onnx.OnnxIr.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An ONNX graph under construction, one operator at a time (ONNX operator set {@link #OPSET}). Each
 * method adds a node and returns the name of the tensor it computes, so that a block's emitter
 * reads like its forward pass: {@code x = graph.relu("stem.relu", graph.conv(...))}. Tensor names
 * are the given names, made unique with a suffix where one repeats; constants become initialisers.
 *
 * <p>The graph has one input, {@link #INPUT}: float {@code batch × C × H × W} with a dynamic batch
 * dimension; {@link #build} names its output {@link #OUTPUT}.
 */
public final class OnnxGraph {

  /** The operator set version of every node. */
  public static final int OPSET = 13;

  /** The graph input's name. */
  public static final String INPUT = "input";

  /** The graph output's name. */
  public static final String OUTPUT = "logits";

  /** The name of the dynamic batch dimension. */
  public static final String BATCH = "batch";

  private final List<NodeProto.Builder> nodes = new ArrayList<>();
  private final List<TensorProto> initializers = new ArrayList<>();
  private final Set<String> names = new HashSet<>(Set.of(INPUT, OUTPUT));

  /** The path of child {@code child} of the block at {@code path} ("" for the network). */
  public static String path(String path, String child) {
    return path.isEmpty() ? child : path + "." + child;
  }

  /** A name not used yet: {@code name}, or {@code name_2}, {@code name_3}... */
  private String unique(String name) {
    String candidate = name;
    for (int suffix = 2; !names.add(candidate); suffix++) {
      candidate = name + "_" + suffix;
    }
    return candidate;
  }

  /** Adds a float constant of the given shape; returns its name. */
  public String constant(String name, float[] values, long... dims) {
    long size = 1;
    for (long dim : dims) {
      size *= dim;
    }
    if (size != values.length) {
      throw new IllegalArgumentException(
          "constant '" + name + "' has " + values.length + " values for shape " + List.of(dims));
    }
    ByteBuffer bytes =
        ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    return addInitializer(
        name, TensorProto.DataType.FLOAT, ByteString.copyFrom(bytes.array()), dims);
  }

  /** Adds a 1-D int64 constant; returns its name. */
  public String constantInt64(String name, long... values) {
    ByteBuffer bytes =
        ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asLongBuffer().put(values);
    return addInitializer(
        name, TensorProto.DataType.INT64, ByteString.copyFrom(bytes.array()), values.length);
  }

  private String addInitializer(
      String name, TensorProto.DataType type, ByteString raw, long... dims) {
    String unique = unique(name);
    TensorProto.Builder tensor =
        TensorProto.newBuilder().setName(unique).setDataType(type.getNumber()).setRawData(raw);
    for (long dim : dims) {
      tensor.addDims(dim);
    }
    initializers.add(tensor.build());
    return unique;
  }

  /**
   * Adds a node of operator {@code opType} with the given inputs and attributes; returns the name
   * of its (single) output.
   */
  public String node(
      String name, String opType, List<String> inputs, AttributeProto... attributes) {
    String output = unique(name);
    NodeProto.Builder node =
        NodeProto.newBuilder()
            .setName(output)
            .setOpType(opType)
            .addAllInput(inputs)
            .addOutput(output);
    for (AttributeProto attribute : attributes) {
      node.addAttribute(attribute);
    }
    nodes.add(node);
    return output;
  }

  /** An integer list attribute. */
  public static AttributeProto ints(String name, long... values) {
    AttributeProto.Builder attribute =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long value : values) {
      attribute.addInts(value);
    }
    return attribute.build();
  }

  /** An integer attribute. */
  public static AttributeProto integer(String name, long value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(value)
        .build();
  }

  /** A float attribute. */
  public static AttributeProto real(String name, float value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.FLOAT)
        .setF(value)
        .build();
  }

  /** {@code max(x, 0)}. */
  public String relu(String name, String x) {
    return node(name, "Relu", List.of(x));
  }

  /** {@code a + b}, broadcasting. */
  public String add(String name, String a, String b) {
    return node(name, "Add", List.of(a, b));
  }

  /** {@code a · b}, element-wise, broadcasting. */
  public String mul(String name, String a, String b) {
    return node(name, "Mul", List.of(a, b));
  }

  /** {@code max(0, min(1, alpha · x + beta))}. */
  public String hardSigmoid(String name, String x, float alpha, float beta) {
    return node(name, "HardSigmoid", List.of(x), real("alpha", alpha), real("beta", beta));
  }

  /** Max pooling without padding, floor rounding of the output size. */
  public String maxPool(String name, String x, long kernel, long stride) {
    return node(
        name,
        "MaxPool",
        List.of(x),
        ints("kernel_shape", kernel, kernel),
        ints("strides", stride, stride),
        ints("pads", 0, 0, 0, 0),
        integer("ceil_mode", 0));
  }

  /** The mean over H and W: {@code N × C × 1 × 1}. */
  public String globalAveragePool(String name, String x) {
    return node(name, "GlobalAveragePool", List.of(x));
  }

  /** {@code N × (everything else)}. */
  public String flatten(String name, String x) {
    return node(name, "Flatten", List.of(x), integer("axis", 1));
  }

  /** Tensors joined along the channel axis. */
  public String concatChannels(String name, String... tensors) {
    return node(name, "Concat", List.of(tensors), integer("axis", 1));
  }

  /** The first {@code channels} channels of {@code x}. */
  public String firstChannels(String name, String x, long channels) {
    String starts = constantInt64(name + ".starts", 0);
    String ends = constantInt64(name + ".ends", channels);
    String axes = constantInt64(name + ".axes", 1);
    return node(name, "Slice", List.of(x, starts, ends, axes));
  }

  /**
   * The graph, its input {@code batch × channels × height × width} and its output {@code batch ×
   * classes} computed by tensor {@code logits} (renamed {@link #OUTPUT}).
   */
  public GraphProto build(
      String graphName, String logits, int channels, int height, int width, int classes) {
    NodeProto.Builder last =
        nodes.stream()
            .filter(node -> node.getOutputList().contains(logits))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no node computes '" + logits + "'"));
    for (NodeProto.Builder node : nodes) {
      if (node.getInputList().contains(logits)) {
        throw new IllegalArgumentException("the logits '" + logits + "' feed another node");
      }
    }
    last.setOutput(last.getOutputList().indexOf(logits), OUTPUT);
    GraphProto.Builder graph =
        GraphProto.newBuilder()
            .setName(graphName)
            .addAllInitializer(initializers)
            .addInput(tensorInfo(INPUT, channels, height, width))
            .addOutput(tensorInfo(OUTPUT, classes));
    for (NodeProto.Builder node : nodes) {
      graph.addNode(node);
    }
    return graph.build();
  }

  /** A float tensor {@code batch × dims...}. */
  private static ValueInfoProto tensorInfo(String name, long... dims) {
    TensorShapeProto.Builder shape =
        TensorShapeProto.newBuilder()
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
    for (long dim : dims) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT.getNumber())
                        .setShape(shape)))
        .build();
  }
}
