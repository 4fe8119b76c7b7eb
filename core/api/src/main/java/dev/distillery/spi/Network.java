package dev.distillery.spi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A network built by a {@link ModelPlugin}: a DJL block whose forward pass returns the named
 * feature points followed by the logits, {@code NDList(feature_0, ..., feature_{n-1}, logits)}.
 *
 * <p>Feature point names follow one convention across architectures: {@code <group>} is the
 * post-activation output of a group of layers and {@code <group>.pre} its pre-activation output
 * (before the last ReLU), e.g. {@code layer2} and {@code layer2.pre}. Pre-activation architectures
 * (wide ResNets) differ: each model plugin's README says exactly what each name holds.
 *
 * @param architecture the model plugin id that built it
 * @param block the DJL block (not yet initialised)
 * @param input the input it was built for
 * @param featurePoints names of the feature outputs, in output order
 * @param multiplyAccumulates multiply-accumulate operations of one forward pass of one image
 * @param featureBatchNorms for feature points that a batch norm produces (pre-activation points),
 *     that batch norm layer of {@link #block}: the one whose output is the feature point, or the
 *     last one before a residual addition that gives it (see {@link #batchNormOf}); empty when the
 *     model says nothing about it
 * @param classifierInputPoint the feature point that feeds the classifier (LeNet-5's {@code conv3},
 *     the ResNets' {@code pool}): what DAFL's activation loss reads; null when the model names none
 *     (see {@link #classifierInput()})
 */
public record Network(
    String architecture,
    Block block,
    ModelInput input,
    List<String> featurePoints,
    long multiplyAccumulates,
    Map<String, BatchNorm> featureBatchNorms,
    String classifierInputPoint) {

  public Network {
    Objects.requireNonNull(architecture, "architecture is null");
    Objects.requireNonNull(block, "block is null");
    Objects.requireNonNull(input, "input is null");
    featurePoints = List.copyOf(featurePoints);
    featureBatchNorms =
        featureBatchNorms == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(featureBatchNorms));
    if (classifierInputPoint != null && !featurePoints.contains(classifierInputPoint)) {
      throw new IllegalArgumentException(
          "model '"
              + architecture
              + "' names '"
              + classifierInputPoint
              + "' as its classifier's input, which is not one of its feature points "
              + featurePoints);
    }
    for (String point : featureBatchNorms.keySet()) {
      if (!featurePoints.contains(point)) {
        throw new IllegalArgumentException(
            "model '"
                + architecture
                + "' maps a batch norm to feature point '"
                + point
                + "', which is not one of its feature points "
                + featurePoints);
      }
    }
  }

  /** A network that names no classifier input. */
  public Network(
      String architecture,
      Block block,
      ModelInput input,
      List<String> featurePoints,
      long multiplyAccumulates,
      Map<String, BatchNorm> featureBatchNorms) {
    this(architecture, block, input, featurePoints, multiplyAccumulates, featureBatchNorms, null);
  }

  /** A network whose feature points are not mapped to batch norms ({@link #batchNormOf} empty). */
  public Network(
      String architecture,
      Block block,
      ModelInput input,
      List<String> featurePoints,
      long multiplyAccumulates) {
    this(architecture, block, input, featurePoints, multiplyAccumulates, Map.of());
  }

  /**
   * The batch norm layer that produces a feature point, as methods that model a pre-activation
   * feature by its batch norm's affine parameters need it (OFD's margin, from γ and β, as the
   * reference code's {@code get_bn_before_relu}): the layer whose output is the point (e.g. {@code
   * stem.pre} of a CIFAR ResNet, every {@code .pre} point of a wide ResNet), or the last batch norm
   * of the branch that a residual addition turns into the point ({@code layerK.pre} of a CIFAR
   * ResNet: its last block's {@code bn2}). Its parameters are those of {@link #block} (live, not a
   * copy). Empty when the model has no batch norm there (e.g. LeNet-5, or post-ReLU points); each
   * model plugin's README lists its mapping.
   *
   * @throws IllegalArgumentException if the network has no such feature point
   */
  public Optional<BatchNorm> batchNormOf(String featurePoint) {
    if (!featurePoints.contains(featurePoint)) {
      throw new IllegalArgumentException(
          "model '"
              + architecture
              + "' has no feature point '"
              + featurePoint
              + "'; its feature points are "
              + featurePoints);
    }
    return Optional.ofNullable(featureBatchNorms.get(featurePoint));
  }

  /**
   * The feature point that feeds the classifier: the last feature before the layers that make the
   * logits (LeNet-5: {@code conv3}, the 120 values its fully connected layers classify; CIFAR and
   * wide ResNets: {@code pool}). Empty when the model plugin names none.
   */
  public Optional<String> classifierInput() {
    return Optional.ofNullable(classifierInputPoint);
  }

  /** The same network naming {@code point} as its classifier's input. */
  public Network withClassifierInput(String point) {
    return new Network(
        architecture, block, input, featurePoints, multiplyAccumulates, featureBatchNorms, point);
  }

  /** The logits in the outputs of a forward pass of this network. */
  public NDArray logits(NDList outputs) {
    return outputs.get(outputs.size() - 1);
  }

  /** A named feature point in the outputs of a forward pass of this network. */
  public NDArray feature(NDList outputs, String name) {
    int index = featurePoints.indexOf(name);
    if (index < 0) {
      throw new IllegalArgumentException(
          "model '"
              + architecture
              + "' has no feature point '"
              + name
              + "'; its feature points are "
              + featurePoints);
    }
    return outputs.get(index);
  }
}
