package dev.distillery.spi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import java.util.List;
import java.util.Objects;

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
 */
public record Network(
    String architecture,
    Block block,
    ModelInput input,
    List<String> featurePoints,
    long multiplyAccumulates) {

  public Network {
    Objects.requireNonNull(architecture, "architecture is null");
    Objects.requireNonNull(block, "block is null");
    Objects.requireNonNull(input, "input is null");
    featurePoints = List.copyOf(featurePoints);
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
