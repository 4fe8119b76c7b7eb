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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CIFAR ResNets of RepDistiller ({@code models/resnet.py}): a 3x3 stem convolution + batch norm
 * + ReLU, three stages of {@code n = (depth - 2) / 6} {@link BasicBlock}s (the second and third
 * with stride 2), global average pooling and a linear classifier. The stem takes {@link
 * ModelInput#channels()} channels instead of 3.
 *
 * <p>Outputs {@code NDList(stem, stem.pre, layer1, layer1.pre, layer2, layer2.pre, layer3,
 * layer3.pre, pool, logits)}: {@code stem} is RepDistiller's {@code f0} (after bn1 and ReLU),
 * {@code stem.pre} the stem before its ReLU, {@code layerK} the stage output ({@code fK}), {@code
 * layerK.pre} the last block's sum before its final ReLU (RepDistiller's {@code preact=True} {@code
 * fK}), {@code pool} the flattened pooled vector ({@code f4}).
 *
 * <p>Batch norms of the pre-activation points ({@link Network#batchNormOf}): {@code stem.pre} is
 * {@code bn1}'s output; {@code layerK.pre} maps to the {@code bn2} of stage K's last block, the
 * batch norm before the residual addition, as overhaul-distillation's {@code get_bn_before_relu}
 * for basic blocks.
 *
 * <p>The blocks come from a {@link ResidualBlock.Kind}: RepDistiller's {@link BasicBlock}, or the
 * {@link GhostBasicBlock} of the Ghost-ResNets, whose {@code layerK.pre} map to no batch norm.
 */
public final class CifarResNet extends AbstractBlock implements OnnxExportable {

  /** Feature point names, in output order. */
  public static final List<String> FEATURE_POINTS =
      List.of(
          "stem",
          "stem.pre",
          "layer1",
          "layer1.pre",
          "layer2",
          "layer2.pre",
          "layer3",
          "layer3.pre",
          "pool");

  /** Filters of stem, layer1, layer2, layer3 of resnet8/14/20/32/56. */
  static final int[] WIDTHS = {16, 16, 32, 64};

  /** Filters of stem, layer1, layer2, layer3 of resnet8-half (half of {@link #WIDTHS}). */
  static final int[] WIDTHS_HALF = {8, 8, 16, 32};

  /** Filters of stem, layer1, layer2, layer3 of resnet8x4 and resnet32x4. */
  static final int[] WIDTHS_X4 = {32, 64, 128, 256};

  private static final int[] STAGE_STRIDES = {1, 2, 2};

  private final Conv2d stemConv;
  private final BatchNorm stemBn;
  private final List<List<ResidualBlock>> stages = new ArrayList<>();
  private final Linear fc;

  private CifarResNet(
      ModelInput input, int blocksPerStage, int[] widths, ResidualBlock.Kind blockKind) {
    stemConv = addChildBlock("conv1", ReferenceLayers.kaimingConv(widths[0], 3, 1, 1));
    stemBn = addChildBlock("bn1", ReferenceLayers.batchNorm());
    int inPlanes = widths[0];
    for (int stage = 0; stage < 3; stage++) {
      List<ResidualBlock> blocks = new ArrayList<>();
      int planes = widths[stage + 1];
      for (int i = 0; i < blocksPerStage; i++) {
        int stride = i == 0 ? STAGE_STRIDES[stage] : 1;
        blocks.add(
            addChildBlock(
                "layer" + (stage + 1) + "_" + i, blockKind.create(inPlanes, planes, stride)));
        inPlanes = planes;
      }
      stages.add(blocks);
    }
    fc = addChildBlock("fc", ReferenceLayers.torchDefaultLinear(widths[3], input.classes()));
  }

  /**
   * Builds a CIFAR ResNet.
   *
   * @param architecture the model id, e.g. {@code resnet20}
   * @param depth {@code 6n + 2}: 8, 14, 20, 32, 56, ...
   * @param widths filters of the stem and the three stages, {@link #WIDTHS} or {@link #WIDTHS_X4}
   * @param input the input shape and class count; any image size (global average pooling)
   */
  public static Network network(String architecture, int depth, int[] widths, ModelInput input) {
    return network(architecture, depth, widths, BasicBlock.KIND, input);
  }

  /**
   * Builds a CIFAR ResNet of other residual blocks, e.g. {@link GhostBasicBlock}s: the same stem,
   * stages, classifier and feature points.
   *
   * @param blockKind makes the blocks of the three stages
   */
  static Network network(
      String architecture,
      int depth,
      int[] widths,
      ResidualBlock.Kind blockKind,
      ModelInput input) {
    if (depth < 8 || (depth - 2) % 6 != 0) {
      throw new IllegalArgumentException("ResNet depth must be 6n+2 with n >= 1, got " + depth);
    }
    if (widths.length != 4) {
      throw new IllegalArgumentException("ResNet needs 4 widths, got " + widths.length);
    }
    int blocksPerStage = (depth - 2) / 6;
    int height = input.height();
    int width = input.width();
    long macs = MultiplyAccumulates.conv(widths[0], height, width, input.channels(), 3);
    int inPlanes = widths[0];
    for (int stage = 0; stage < 3; stage++) {
      for (int i = 0; i < blocksPerStage; i++) {
        int stride = i == 0 ? STAGE_STRIDES[stage] : 1;
        macs += blockKind.multiplyAccumulates(inPlanes, widths[stage + 1], stride, height, width);
        height = MultiplyAccumulates.outputSize(height, 3, stride, 1);
        width = MultiplyAccumulates.outputSize(width, 3, stride, 1);
        inPlanes = widths[stage + 1];
      }
    }
    macs += MultiplyAccumulates.linear(widths[3], input.classes());
    CifarResNet block = new CifarResNet(input, blocksPerStage, widths, blockKind);
    return new Network(
        architecture, block, input, FEATURE_POINTS, macs, block.featureBatchNorms(), "pool");
  }

  /** stem.pre → bn1; layerK.pre → bn2 of stage K's last block, where the block has one. */
  private Map<String, BatchNorm> featureBatchNorms() {
    Map<String, BatchNorm> norms = new LinkedHashMap<>();
    norms.put("stem.pre", stemBn);
    for (int stage = 0; stage < stages.size(); stage++) {
      List<ResidualBlock> blocks = stages.get(stage);
      String point = "layer" + (stage + 1) + ".pre";
      blocks.get(blocks.size() - 1).lastBatchNorm().ifPresent(norm -> norms.put(point, norm));
    }
    return norms;
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
    for (List<ResidualBlock> stage : stages) {
      NDArray preact = null;
      for (ResidualBlock block : stage) {
        NDList out = block.forward(parameterStore, new NDList(x), training, params);
        x = out.get(0);
        preact = out.get(1);
      }
      outputs.add(x);
      outputs.add(preact);
    }
    NDArray pool = Pool.globalAvgPool2d(x);
    outputs.add(pool);
    outputs.add(fc.forward(parameterStore, new NDList(pool), training, params).head());
    return outputs;
  }

  @Override
  public String emitOnnx(OnnxGraph graph, String name, String input) {
    String x = DjlLayerNodes.conv(graph, OnnxGraph.path(name, "conv1"), stemConv, input);
    x = ReferenceLayers.batchNormNode(graph, OnnxGraph.path(name, "bn1"), stemBn, x);
    x = graph.relu(OnnxGraph.path(name, "stem"), x);
    for (int stage = 0; stage < stages.size(); stage++) {
      List<ResidualBlock> blocks = stages.get(stage);
      for (int i = 0; i < blocks.size(); i++) {
        x = blocks.get(i).emitOnnx(graph, OnnxGraph.path(name, "layer" + (stage + 1) + "_" + i), x);
      }
    }
    x = graph.globalAveragePool(OnnxGraph.path(name, "pool"), x);
    x = graph.flatten(OnnxGraph.path(name, "pool.flat"), x);
    return DjlLayerNodes.linear(graph, OnnxGraph.path(name, "fc"), fc, x);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return ResidualShapes.of(stemConv.getOutputShapes(inputShapes)[0], stages, fc);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    stemConv.initialize(manager, dataType, inputShapes);
    Shape x = stemConv.getOutputShapes(inputShapes)[0];
    stemBn.initialize(manager, dataType, x);
    for (List<ResidualBlock> stage : stages) {
      for (ResidualBlock block : stage) {
        block.initialize(manager, dataType, x);
        x = block.getOutputShapes(new Shape[] {x})[0];
      }
    }
    fc.initialize(manager, dataType, new Shape(x.get(0), x.get(1)));
  }
}
