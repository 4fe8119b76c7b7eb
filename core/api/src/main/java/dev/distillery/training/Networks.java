package dev.distillery.training;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.GeneratorNetwork;
import dev.distillery.spi.GeneratorPlugin;
import dev.distillery.spi.ImageShape;
import dev.distillery.spi.ModelArtifact;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.ModelPlugin;
import dev.distillery.spi.Network;
import dev.distillery.spi.PluginCatalog;
import dev.distillery.spi.UserException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Initialising, saving and loading the parameters of networks. */
public final class Networks {

  /**
   * Engine-wide RNG seeding and initialisation happen under this lock so stages can't interleave.
   */
  private static final Object INITIALISATION = new Object();

  private Networks() {}

  /**
   * Builds a network of a registered architecture for an input, binding the model plugin's options
   * from {@code options} (null: its defaults). Not yet initialised.
   */
  public static Network create(
      PluginCatalog plugins, String architecture, JsonNode options, ModelInput input) {
    ModelPlugin<?> plugin =
        plugins
            .model(architecture)
            .orElseThrow(
                () ->
                    new UserException(
                        "unknown model '"
                            + architecture
                            + "'; available: "
                            + plugins.models().stream().map(ModelPlugin::id).sorted().toList()));
    return build(plugin, options, input);
  }

  private static <O> Network build(ModelPlugin<O> plugin, JsonNode options, ModelInput input) {
    O typed;
    try {
      typed = OptionsMapper.bind(options, plugin.optionsType());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UserException(
          "options of model '" + plugin.id() + "' are invalid: " + e.getOriginalMessage());
    }
    return plugin.create(typed, input);
  }

  /**
   * Builds a generator of a registered architecture for images of {@code image}, binding the
   * plugin's options from {@code options} (null: its defaults). Not yet initialised.
   */
  public static GeneratorNetwork createGenerator(
      PluginCatalog plugins, String architecture, JsonNode options, ImageShape image) {
    GeneratorPlugin<?> plugin =
        plugins
            .generator(architecture)
            .orElseThrow(
                () ->
                    new UserException(
                        "unknown generator '"
                            + architecture
                            + "'; available: "
                            + plugins.generators().stream()
                                .map(GeneratorPlugin::id)
                                .sorted()
                                .toList()));
    return buildGenerator(plugin, options, image);
  }

  private static <O> GeneratorNetwork buildGenerator(
      GeneratorPlugin<O> plugin, JsonNode options, ImageShape image) {
    O typed;
    try {
      typed = OptionsMapper.bind(options, plugin.optionsType());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UserException(
          "options of generator '" + plugin.id() + "' are invalid: " + e.getOriginalMessage());
    }
    return plugin.create(typed, image);
  }

  /** Initialises a generator's parameters in {@code manager}, reproducibly for a given seed. */
  public static void initialize(GeneratorNetwork generator, NDManager manager, long seed) {
    initialize(generator.block(), generator.latentShape(1), manager, seed);
  }

  /** Initialises the network's parameters in {@code manager}, reproducibly for a given seed. */
  public static void initialize(Network network, NDManager manager, long seed) {
    initialize(network.block(), network.input().batchShape(1), manager, seed);
  }

  /**
   * Initialises a block's parameters for an input shape in {@code manager}, reproducibly for a
   * given seed (for blocks that are not networks, e.g. a paraphraser on teacher features).
   */
  public static void initialize(
      ai.djl.nn.Block block, ai.djl.ndarray.types.Shape inputShape, NDManager manager, long seed) {
    synchronized (INITIALISATION) {
      Engine.getInstance().setRandomSeed((int) (seed ^ (seed >>> 32)));
      block.initialize(manager, DataType.FLOAT32, inputShape);
    }
  }

  /**
   * Rebuilds the network a stage left ({@code artifact}) for {@code input} and loads its parameters
   * from the run directory into {@code manager}.
   */
  public static Network load(
      PluginCatalog plugins,
      ModelArtifact artifact,
      ModelInput input,
      Path runDirectory,
      NDManager manager) {
    Network network = create(plugins, artifact.architecture(), artifact.options(), input);
    initialize(network, manager, 0);
    loadBlock(network.block(), manager, runDirectory.resolve(artifact.parameters()));
    return network;
  }

  /** Writes all parameters (including BatchNorm running statistics) atomically. */
  public static void save(Network network, Path file) {
    saveBlock(network.block(), file);
  }

  /** Writes a block's parameters atomically (temporary file, then rename). */
  public static void saveBlock(ai.djl.nn.Block block, Path file) {
    try {
      Files.createDirectories(file.getParent());
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      try (DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary)))) {
        block.saveParameters(out);
      }
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write parameters to " + file, e);
    }
  }

  /**
   * Loads parameters into a block that will train: loading replaces the parameter arrays, so the
   * new ones are made to collect gradients again where the parameter requires them.
   */
  public static void loadTrainable(ai.djl.nn.Block block, NDManager manager, Path file) {
    loadBlock(block, manager, file);
    for (var parameter : block.getParameters().values()) {
      if (parameter.requiresGradient()) {
        parameter.getArray().setRequiresGradient(true);
      }
    }
  }

  /** Loads parameters written by {@link #saveBlock} into an initialised block. */
  public static void loadBlock(ai.djl.nn.Block block, NDManager manager, Path file) {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      block.loadParameters(manager, in);
    } catch (IOException | MalformedModelException e) {
      throw new UserException(
          "cannot load parameters from '"
              + file
              + "': "
              + e.getMessage()
              + "; the file is missing, damaged or was written for another architecture —"
              + " re-run the stage that produced it",
          e);
    }
  }
}
