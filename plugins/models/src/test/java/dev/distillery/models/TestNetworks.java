package dev.distillery.models;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.ModelPlugin;
import dev.distillery.spi.Network;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/** Shared fixtures: the model plugins, seeded initialisation and forward passes. */
final class TestNetworks {

  /**
   * The models of RepDistiller and DAFL (and resnet8-half), whose figures {@code
   * reference_figures.py} wrote.
   */
  static final List<String> REPDISTILLER_DAFL_IDS =
      List.of(
          "lenet5",
          "lenet5-half",
          "resnet8",
          "resnet8-half",
          "resnet14",
          "resnet20",
          "resnet32",
          "resnet56",
          "resnet8x4",
          "resnet32x4",
          "wrn-16-2",
          "wrn-40-2");

  /** The Ghost models, whose figures and outputs {@code reference_ghost.py} wrote. */
  static final List<String> GHOST_IDS =
      List.of("ghost-resnet20", "ghost-resnet32", "ghost-resnet56", "ghostnet-small");

  /** Every classifier this module provides (the DCGAN discriminator aside). */
  static final List<String> IDS =
      Stream.concat(REPDISTILLER_DAFL_IDS.stream(), GHOST_IDS.stream()).toList();

  /** Fashion-MNIST padded to 32x32. */
  static final ModelInput GRAY_32 = new ModelInput(1, 32, 32, 10);

  private TestNetworks() {}

  static ModelPlugin<?> plugin(String id) {
    for (ModelPlugin<?> plugin : ServiceLoader.load(ModelPlugin.class)) {
      if (plugin.id().equals(id)) {
        return plugin;
      }
    }
    throw new IllegalArgumentException("no model plugin " + id);
  }

  /** The network of a model with its default options. */
  static Network create(String id, ModelInput input) {
    return withDefaults(plugin(id), input);
  }

  /** The network of a Ghost model with these options. */
  static Network ghost(String id, GhostOptions options, ModelInput input) {
    @SuppressWarnings("unchecked")
    ModelPlugin<GhostOptions> typed = (ModelPlugin<GhostOptions>) plugin(id);
    return typed.create(options, input);
  }

  private static <O> Network withDefaults(ModelPlugin<O> plugin, ModelInput input) {
    try {
      return plugin.create(OptionsMapper.bind(null, plugin.optionsType()), input);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Creates the network and initialises its parameters with the given seed. */
  static Network initialized(String id, ModelInput input, NDManager manager, int seed) {
    return initialize(create(id, input), manager, seed);
  }

  /** Initialises the network's parameters with the given seed, as the pipeline runtime does. */
  static Network initialize(Network network, NDManager manager, int seed) {
    Engine.getInstance().setRandomSeed(seed);
    network.block().initialize(manager, DataType.FLOAT32, network.input().batchShape(1));
    return network;
  }

  static NDArray randomBatch(NDManager manager, ModelInput input, int batchSize, int seed) {
    Engine.getInstance().setRandomSeed(seed);
    return manager.randomNormal(input.batchShape(batchSize));
  }

  static NDList forward(NDManager manager, Block block, NDArray x, boolean training) {
    return block.forward(new ParameterStore(manager, false), new NDList(x), training);
  }

  /** Trainable parameters: batch-norm running statistics excluded, as PyTorch counts. */
  static long trainableParameters(Block block) {
    long count = 0;
    for (Pair<String, Parameter> parameter : block.getParameters()) {
      Parameter.Type type = parameter.getValue().getType();
      if (type != Parameter.Type.RUNNING_MEAN && type != Parameter.Type.RUNNING_VAR) {
        count += parameter.getValue().getArray().size();
      }
    }
    return count;
  }
}
