package dev.distillery.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.distillery.spi.Network;
import dev.distillery.spi.TrainingStep;
import java.util.List;
import java.util.Map;

/** Cross-entropy on the labels for one network: what the {@code train} stage minimises. */
public final class ClassificationObjective implements TrainingObjective {

  private final Network network;
  private final ParameterStore parameters;

  public ClassificationObjective(Network network, NDManager manager) {
    this.network = network;
    this.parameters = new LiveParameterStore(manager);
  }

  @Override
  public List<Block> trainableBlocks() {
    return List.of(network.block());
  }

  @Override
  public Losses losses(NDArray images, NDArray labels, boolean training, TrainingStep step) {
    NDList outputs = network.block().forward(parameters, new NDList(images), training);
    NDArray logits = network.logits(outputs);
    NDArray ce = CrossEntropyLoss.compute(logits, labels);
    return new Losses(ce, Map.of("ce", ce), logits);
  }

  @Override
  public NDArray predict(NDArray images) {
    return network.logits(network.block().forward(parameters, new NDList(images), false));
  }
}
