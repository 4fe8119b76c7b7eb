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
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.distillery.models.onnx.DjlLayerNodes;
import dev.distillery.models.onnx.OnnxExportable;
import dev.distillery.models.onnx.OnnxGraph;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small GhostNet for 32×32 images: ghostnet.py's {@code GhostNet} (width 1) with its first three
 * stages only, a stride-1 stem, and no dropout.
 *
 * <pre>
 * stem    Conv 3×3 stride 1, C → 16, BN, ReLU                         16 × 32 × 32
 * layer1  GhostBottleneck(k 3, exp  16, out 16, stride 1)             16 × 32 × 32
 * layer2  GhostBottleneck(k 3, exp  48, out 24, stride 2)
 *         GhostBottleneck(k 3, exp  72, out 24, stride 1)             24 × 16 × 16
 * layer3  GhostBottleneck(k 5, exp  72, out 40, stride 2, SE 0.25)
 *         GhostBottleneck(k 5, exp 120, out 40, stride 1, SE 0.25)    40 ×  8 ×  8
 * expand  Conv 1×1 40 → 120, BN, ReLU (the reference's last ConvBnAct) 120 × 8 × 8
 * pool    global average                                              120
 * head    conv_head 1×1 120 → 1280 with bias (a linear layer on the pooled vector), ReLU   1280
 * logits  Linear 1280 → classes
 * </pre>
 *
 * The stages are rows 1–5 of ghostnet.py's {@code cfgs} (GhostNet's stages 1–3, up to the
 * 40-channel blocks): stages 4–5 would take the 8×8 map of a 32×32 image down to 4×4 and 2×2 (to
 * 1×1 with the ImageNet stem's stride 2). Convolutions, batch norms and linear layers are
 * initialised as PyTorch's defaults (ghostnet.py sets none).
 *
 * <p>Outputs {@code NDList(stem, stem.pre, layer1, layer1.pre, layer2, layer2.pre, layer3,
 * layer3.pre, pool, head, logits)}. A Ghost bottleneck has no ReLU after its residual sum (a linear
 * bottleneck), so {@code layerK} and {@code layerK.pre} are the same tensor, the stage's output as
 * the next stage reads it (as RepDistiller's MobileNetV2, whose {@code preact} features are its
 * plain ones). {@code stem.pre} is {@code bn1}'s output, before the ReLU; {@code head} is the
 * classifier's input.
 */
final class GhostNetSmall extends AbstractBlock implements OnnxExportable {

  /** Feature point names, in output order. */
  static final List<String> FEATURE_POINTS =
      List.of(
          "stem",
          "stem.pre",
          "layer1",
          "layer1.pre",
          "layer2",
          "layer2.pre",
          "layer3",
          "layer3.pre",
          "pool",
          "head");

  /** One Ghost bottleneck of ghostnet.py's {@code cfgs}: {@code k, t, c, SE, s}. */
  record BottleneckSpec(int kernel, int expansion, int out, double seRatio, int stride) {}

  /** The three stages (ghostnet.py's first five {@code cfgs} rows). */
  static final List<List<BottleneckSpec>> STAGES =
      List.of(
          List.of(new BottleneckSpec(3, 16, 16, 0, 1)),
          List.of(new BottleneckSpec(3, 48, 24, 0, 2), new BottleneckSpec(3, 72, 24, 0, 1)),
          List.of(new BottleneckSpec(5, 72, 40, 0.25, 2), new BottleneckSpec(5, 120, 40, 0.25, 1)));

  static final int STEM_WIDTH = 16;

  /** The last stage's expansion, the width of the final 1×1 ConvBnAct (as ghostnet.py). */
  static final int EXPAND_WIDTH = 120;

  /** {@code conv_head}'s width. */
  static final int HEAD_WIDTH = 1280;

  private static final ReferenceLayers.ConvInitialisation INIT =
      ReferenceLayers.ConvInitialisation.TORCH_DEFAULT;

  private final Conv2d stemConv;
  private final BatchNorm stemBn;
  private final List<List<GhostBottleneck>> stages = new ArrayList<>();
  private final Conv2d expandConv;
  private final BatchNorm expandBn;
  private final Linear convHead;
  private final Linear classifier;

  private GhostNetSmall(ModelInput input, int ratio, int dwKernel) {
    stemConv = addChildBlock("conv1", INIT.conv(STEM_WIDTH, 3, 1, 1, 1));
    stemBn = addChildBlock("bn1", ReferenceLayers.batchNorm());
    int in = STEM_WIDTH;
    for (int stage = 0; stage < STAGES.size(); stage++) {
      List<GhostBottleneck> blocks = new ArrayList<>();
      for (int i = 0; i < STAGES.get(stage).size(); i++) {
        BottleneckSpec b = STAGES.get(stage).get(i);
        blocks.add(
            addChildBlock(
                "layer" + (stage + 1) + "_" + i,
                new GhostBottleneck(
                    in,
                    b.expansion(),
                    b.out(),
                    b.kernel(),
                    b.stride(),
                    b.seRatio(),
                    ratio,
                    dwKernel)));
        in = b.out();
      }
      stages.add(blocks);
    }
    expandConv = addChildBlock("expand_conv", INIT.conv(EXPAND_WIDTH, 1, 1, 0, 1));
    expandBn = addChildBlock("expand_bn", ReferenceLayers.batchNorm());
    convHead =
        addChildBlock("conv_head", ReferenceLayers.torchDefaultLinear(EXPAND_WIDTH, HEAD_WIDTH));
    classifier =
        addChildBlock(
            "classifier", ReferenceLayers.torchDefaultLinear(HEAD_WIDTH, input.classes()));
  }

  /**
   * Builds the small GhostNet for an input (any size: the map is pooled globally).
   *
   * @param ratio the Ghost modules' ratio (checked by {@link GhostOptions#check})
   * @param dwKernel the Ghost modules' cheap depthwise kernel
   */
  static Network network(String architecture, int ratio, int dwKernel, ModelInput input) {
    int height = input.height();
    int width = input.width();
    long macs = MultiplyAccumulates.conv(STEM_WIDTH, height, width, input.channels(), 3);
    int in = STEM_WIDTH;
    for (List<BottleneckSpec> stage : STAGES) {
      for (BottleneckSpec b : stage) {
        macs +=
            GhostBottleneck.multiplyAccumulates(
                in,
                b.expansion(),
                b.out(),
                b.kernel(),
                b.stride(),
                b.seRatio(),
                ratio,
                dwKernel,
                height,
                width);
        int padding = (b.kernel() - 1) / 2;
        height = MultiplyAccumulates.outputSize(height, b.kernel(), b.stride(), padding);
        width = MultiplyAccumulates.outputSize(width, b.kernel(), b.stride(), padding);
        in = b.out();
      }
    }
    macs += MultiplyAccumulates.conv(EXPAND_WIDTH, height, width, in, 1);
    macs += MultiplyAccumulates.linear(EXPAND_WIDTH, HEAD_WIDTH);
    macs += MultiplyAccumulates.linear(HEAD_WIDTH, input.classes());
    GhostNetSmall block = new GhostNetSmall(input, ratio, dwKernel);
    return new Network(
        architecture, block, input, FEATURE_POINTS, macs, Map.of("stem.pre", block.stemBn), "head");
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDArray x = stemConv.forward(parameterStore, inputs, training, params).head();
    NDArray stemPre = stemBn.forward(parameterStore, new NDList(x), training, params).head();
    x = Activation.relu(stemPre);
    NDList outputs = new NDList(x, stemPre);
    for (List<GhostBottleneck> stage : stages) {
      for (GhostBottleneck block : stage) {
        x = block.forward(parameterStore, new NDList(x), training, params).head();
      }
      outputs.add(x);
      outputs.add(x);
    }
    x = expandConv.forward(parameterStore, new NDList(x), training, params).head();
    x = expandBn.forward(parameterStore, new NDList(x), training, params).head();
    NDArray pool = Pool.globalAvgPool2d(Activation.relu(x));
    NDArray head =
        Activation.relu(
            convHead.forward(parameterStore, new NDList(pool), training, params).head());
    outputs.add(pool);
    outputs.add(head);
    outputs.add(classifier.forward(parameterStore, new NDList(head), training, params).head());
    return outputs;
  }

  @Override
  public String emitOnnx(OnnxGraph graph, String name, String input) {
    String x = DjlLayerNodes.conv(graph, OnnxGraph.path(name, "conv1"), stemConv, input);
    x = ReferenceLayers.batchNormNode(graph, OnnxGraph.path(name, "bn1"), stemBn, x);
    x = graph.relu(OnnxGraph.path(name, "stem"), x);
    for (int stage = 0; stage < stages.size(); stage++) {
      List<GhostBottleneck> blocks = stages.get(stage);
      for (int i = 0; i < blocks.size(); i++) {
        x = blocks.get(i).emitOnnx(graph, OnnxGraph.path(name, "layer" + (stage + 1) + "_" + i), x);
      }
    }
    x = DjlLayerNodes.conv(graph, OnnxGraph.path(name, "expand_conv"), expandConv, x);
    x = ReferenceLayers.batchNormNode(graph, OnnxGraph.path(name, "expand_bn"), expandBn, x);
    x = graph.relu(OnnxGraph.path(name, "expand_relu"), x);
    x = graph.globalAveragePool(OnnxGraph.path(name, "pool"), x);
    x = graph.flatten(OnnxGraph.path(name, "pool.flat"), x);
    x = DjlLayerNodes.linear(graph, OnnxGraph.path(name, "conv_head"), convHead, x);
    x = graph.relu(OnnxGraph.path(name, "head"), x);
    return DjlLayerNodes.linear(graph, OnnxGraph.path(name, "classifier"), classifier, x);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape x = stemConv.getOutputShapes(inputShapes)[0];
    List<Shape> shapes = new ArrayList<>(List.of(x, x));
    for (List<GhostBottleneck> stage : stages) {
      for (GhostBottleneck block : stage) {
        x = block.getOutputShapes(new Shape[] {x})[0];
      }
      shapes.add(x);
      shapes.add(x);
    }
    long batch = x.get(0);
    shapes.add(new Shape(batch, EXPAND_WIDTH));
    shapes.add(new Shape(batch, HEAD_WIDTH));
    shapes.add(classifier.getOutputShapes(new Shape[] {new Shape(batch, HEAD_WIDTH)})[0]);
    return shapes.toArray(Shape[]::new);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    stemConv.initialize(manager, dataType, inputShapes);
    Shape x = stemConv.getOutputShapes(inputShapes)[0];
    stemBn.initialize(manager, dataType, x);
    for (List<GhostBottleneck> stage : stages) {
      for (GhostBottleneck block : stage) {
        block.initialize(manager, dataType, x);
        x = block.getOutputShapes(new Shape[] {x})[0];
      }
    }
    expandConv.initialize(manager, dataType, x);
    Shape expanded = expandConv.getOutputShapes(new Shape[] {x})[0];
    expandBn.initialize(manager, dataType, expanded);
    convHead.initialize(manager, dataType, new Shape(x.get(0), EXPAND_WIDTH));
    classifier.initialize(manager, dataType, new Shape(x.get(0), HEAD_WIDTH));
  }
}
