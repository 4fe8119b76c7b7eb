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
 * The wide ResNets of RepDistiller ({@code models/wrn.py}, dropout 0): a 3x3 stem convolution (no
 * batch norm, no ReLU), three stages of {@code n = (depth - 4) / 6} pre-activation {@link
 * WideBasicBlock}s with {@code 16k, 32k, 64k} filters (the second and third with stride 2), a final
 * batch norm + ReLU, global average pooling and a linear classifier. The stem takes {@link
 * ModelInput#channels()} channels instead of 3.
 *
 * <p>Outputs {@code NDList(stem, stem.pre, layer1, layer1.pre, layer2, layer2.pre, layer3,
 * layer3.pre, pool, logits)}. As the blocks are pre-activation, a stage output is a residual sum
 * that no ReLU has touched yet: {@code stem} is wrn.py's {@code f0} (the stem convolution's
 * output), {@code layerK} its {@code fK} with {@code preact=False} (stage K's output), and {@code
 * layerK.pre} its {@code fK} with {@code preact=True}: stage K's output after the batch norm that
 * precedes the next ReLU (the first {@code bn1} of stage K+1, or the final {@code bn1} for layer3).
 * {@code stem.pre} extends that rule to the stem (the first {@code bn1} of stage 1 applied to
 * {@code stem}); wrn.py returns {@code f0} unchanged there. {@code pool} is {@code f4}, the pooled
 * vector after the final batch norm and ReLU.
 *
 * <p>Each {@code .pre} point is a batch norm's output ({@link Network#batchNormOf}): {@code
 * stem.pre} → stage 1's first {@code bn1}, {@code layer1.pre} → stage 2's first {@code bn1}, {@code
 * layer2.pre} → stage 3's first {@code bn1}, {@code layer3.pre} → the final {@code bn1}, as
 * overhaul-distillation's {@code get_bn_before_relu} for its WideResNet.
 */
public final class WideResNet extends AbstractBlock implements OnnxExportable {

  /** Feature point names, in output order. */
  public static final List<String> FEATURE_POINTS = CifarResNet.FEATURE_POINTS;

  private static final int[] STAGE_STRIDES = {1, 2, 2};

  private final Conv2d stemConv;
  private final List<List<WideBasicBlock>> stages = new ArrayList<>();
  private final BatchNorm finalBn;
  private final Linear fc;

  private WideResNet(ModelInput input, int blocksPerStage, int[] widths) {
    stemConv = addChildBlock("conv1", ReferenceLayers.kaimingConv(widths[0], 3, 1, 1));
    int inPlanes = widths[0];
    for (int stage = 0; stage < 3; stage++) {
      List<WideBasicBlock> blocks = new ArrayList<>();
      int planes = widths[stage + 1];
      for (int i = 0; i < blocksPerStage; i++) {
        int stride = i == 0 ? STAGE_STRIDES[stage] : 1;
        blocks.add(
            addChildBlock(
                "block" + (stage + 1) + "_" + i, new WideBasicBlock(inPlanes, planes, stride)));
        inPlanes = planes;
      }
      stages.add(blocks);
    }
    finalBn = addChildBlock("bn1", ReferenceLayers.batchNorm());
    fc = addChildBlock("fc", ReferenceLayers.torchDefaultLinearZeroBias(input.classes()));
  }

  /**
   * Builds a wide ResNet WRN-depth-widenFactor.
   *
   * @param architecture the model id, e.g. {@code wrn-40-2}
   * @param depth {@code 6n + 4}: 16, 40, ...
   * @param widenFactor k, the width multiplier of the three stages
   * @param input the input shape and class count; any image size (global average pooling)
   */
  public static Network network(String architecture, int depth, int widenFactor, ModelInput input) {
    if (depth < 10 || (depth - 4) % 6 != 0) {
      throw new IllegalArgumentException("WRN depth must be 6n+4 with n >= 1, got " + depth);
    }
    if (widenFactor < 1) {
      throw new IllegalArgumentException("WRN widen factor must be >= 1, got " + widenFactor);
    }
    int blocksPerStage = (depth - 4) / 6;
    int[] widths = {16, 16 * widenFactor, 32 * widenFactor, 64 * widenFactor};
    int height = input.height();
    int width = input.width();
    long macs = MultiplyAccumulates.conv(widths[0], height, width, input.channels(), 3);
    int inPlanes = widths[0];
    for (int stage = 0; stage < 3; stage++) {
      for (int i = 0; i < blocksPerStage; i++) {
        int stride = i == 0 ? STAGE_STRIDES[stage] : 1;
        macs +=
            WideBasicBlock.multiplyAccumulates(inPlanes, widths[stage + 1], stride, height, width);
        height = MultiplyAccumulates.outputSize(height, 3, stride, 1);
        width = MultiplyAccumulates.outputSize(width, 3, stride, 1);
        inPlanes = widths[stage + 1];
      }
    }
    macs += MultiplyAccumulates.linear(widths[3], input.classes());
    WideResNet block = new WideResNet(input, blocksPerStage, widths);
    return new Network(
        architecture, block, input, FEATURE_POINTS, macs, block.featureBatchNorms(), "pool");
  }

  /** stem.pre, layer1.pre, layer2.pre → the first bn1 of stages 1, 2, 3; layer3.pre → final bn1. */
  private Map<String, BatchNorm> featureBatchNorms() {
    Map<String, BatchNorm> norms = new LinkedHashMap<>();
    norms.put("stem.pre", stages.get(0).get(0).firstBatchNorm());
    norms.put("layer1.pre", stages.get(1).get(0).firstBatchNorm());
    norms.put("layer2.pre", stages.get(2).get(0).firstBatchNorm());
    norms.put("layer3.pre", finalBn);
    return norms;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDArray x = stemConv.forward(parameterStore, inputs, training, params).head();
    NDList outputs = new NDList(x);
    for (List<WideBasicBlock> stage : stages) {
      for (int i = 0; i < stage.size(); i++) {
        NDList out = stage.get(i).forward(parameterStore, new NDList(x), training, params);
        if (i == 0) {
          outputs.add(out.get(1)); // the previous group's ".pre"
        }
        x = out.get(0);
      }
      outputs.add(x);
    }
    NDArray layer3Pre = finalBn.forward(parameterStore, new NDList(x), training, params).head();
    outputs.add(layer3Pre);
    NDArray pool = Pool.globalAvgPool2d(Activation.relu(layer3Pre));
    outputs.add(pool);
    outputs.add(fc.forward(parameterStore, new NDList(pool), training, params).head());
    return outputs;
  }

  @Override
  public String emitOnnx(OnnxGraph graph, String name, String input) {
    String x = DjlLayerNodes.conv(graph, OnnxGraph.path(name, "conv1"), stemConv, input);
    for (int stage = 0; stage < stages.size(); stage++) {
      List<WideBasicBlock> blocks = stages.get(stage);
      for (int i = 0; i < blocks.size(); i++) {
        x = blocks.get(i).emitOnnx(graph, OnnxGraph.path(name, "block" + (stage + 1) + "_" + i), x);
      }
    }
    x = ReferenceLayers.batchNormNode(graph, OnnxGraph.path(name, "bn1"), finalBn, x);
    x = graph.relu(OnnxGraph.path(name, "relu"), x);
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
    for (List<WideBasicBlock> stage : stages) {
      for (WideBasicBlock block : stage) {
        block.initialize(manager, dataType, x);
        x = block.getOutputShapes(new Shape[] {x})[0];
      }
    }
    finalBn.initialize(manager, dataType, x);
    fc.initialize(manager, dataType, new Shape(x.get(0), x.get(1)));
  }
}
