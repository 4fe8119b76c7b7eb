package dev.distillery.methods;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The shape of a {@link FeaturePairLoss} whose pairs go through trainable connectors: one block per
 * pair (a regressor, translator or connector) maps the student's feature map towards the teacher's,
 * and trains with the student. This class holds the connectors in the pairs' order, registers them
 * as the loss's {@link #trainableBlocks()} (so that the stage puts their parameters in the
 * optimiser and the checkpoint), and runs them ({@link #connect}, {@link #forward}) with the
 * stage's train/eval mode: BatchNorm inside a connector uses batch statistics while training and
 * running statistics in validation, as a PyTorch module in train/eval mode.
 *
 * <p>A null connector is the identity (ab uses none where the two shapes are equal). The methods
 * check the feature shapes when they build their connectors ({@link FeatureMapPair}, {@link
 * SpatialAlignment#checkPairs}); each keeps its own formula in {@link #pairTerm}. Used by fitnet,
 * vid, ab, ofd and ft.
 *
 * @param <C> the connector block type
 */
public abstract class ConnectedFeatureLoss<C extends Block> extends FeaturePairLoss {

  private final List<C> connectors;

  /**
   * A loss over one initialised connector per pair, in the pairs' order (null: the identity); a
   * count that does not match the pairs is an {@link IllegalArgumentException} naming the method.
   */
  protected ConnectedFeatureLoss(
      String name, List<String> studentFeatures, List<String> teacherFeatures, List<C> connectors) {
    super(name, studentFeatures, teacherFeatures);
    requireNonNull(connectors, "connectors is null");
    if (connectors.size() != studentFeatures.size()) {
      throw new IllegalArgumentException(
          name + ": " + connectors.size() + " connectors for " + studentFeatures);
    }
    this.connectors = Collections.unmodifiableList(new ArrayList<>(connectors));
  }

  /** The connectors, one per pair, in order; null where a pair has none (identity). */
  public final List<C> connectors() {
    return connectors;
  }

  /** The connectors that exist, in the pairs' order: they train with the student. */
  @Override
  public List<Block> trainableBlocks() {
    return connectors.stream().filter(Objects::nonNull).<Block>map(c -> c).toList();
  }

  /**
   * Runs pair {@code pair}'s connector on {@code input} (B, C, H, W) and returns all its outputs;
   * without a connector, the input itself.
   */
  protected final NDList forward(int pair, NDArray input, boolean training) {
    C connector = connectors.get(pair);
    if (connector == null) {
      return new NDList(input);
    }
    return connector.forward(
        new ParameterStore(input.getManager(), false), new NDList(input), training);
  }

  /** Pair {@code pair}'s connector applied to {@code input}, for a connector with one output. */
  protected final NDArray connect(int pair, NDArray input, boolean training) {
    return forward(pair, input, training).singletonOrThrow();
  }
}
