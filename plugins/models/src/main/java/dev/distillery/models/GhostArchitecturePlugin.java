package dev.distillery.models;

import dev.distillery.spi.ModelInput;
import dev.distillery.spi.ModelPlugin;
import dev.distillery.spi.Network;
import java.util.Objects;

/**
 * A Ghost model: an id, a description and a network factory that takes the Ghost modules' ratio and
 * depthwise kernel ({@link GhostOptions}, checked before anything is built).
 */
public abstract class GhostArchitecturePlugin implements ModelPlugin<GhostOptions> {

  /** Builds the (uninitialised) network for checked options. */
  @FunctionalInterface
  protected interface Factory {
    Network create(String id, int ratio, int dwKernel, ModelInput input);
  }

  private final String id;
  private final String description;
  private final Factory factory;

  /**
   * @param id the model id used in pipeline files
   * @param description one line for {@code distillery list}
   * @param factory builds the (uninitialised) network
   */
  protected GhostArchitecturePlugin(String id, String description, Factory factory) {
    this.id = Objects.requireNonNull(id, "id is null");
    this.description = Objects.requireNonNull(description, "description is null");
    this.factory = Objects.requireNonNull(factory, "factory is null");
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public final Class<GhostOptions> optionsType() {
    return GhostOptions.class;
  }

  /**
   * @throws dev.distillery.spi.UserException when the ratio is below 2 or the depthwise kernel is
   *     even, saying what is allowed
   */
  @Override
  public final Network create(GhostOptions options, ModelInput input) {
    Objects.requireNonNull(options, "options is null");
    Objects.requireNonNull(input, "input is null");
    options.check(id);
    return factory.create(id, options.ratio(), options.dwKernel(), input);
  }
}
