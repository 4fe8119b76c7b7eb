package dev.distillery.models;

import dev.distillery.spi.ModelInput;
import dev.distillery.spi.ModelPlugin;
import dev.distillery.spi.Network;
import dev.distillery.spi.NoOptions;
import java.util.Objects;
import java.util.function.Function;

/** A fixed architecture that takes no options: an id, a description and a network factory. */
public abstract class ArchitecturePlugin implements ModelPlugin<NoOptions> {

  private final String id;
  private final String description;
  private final Function<ModelInput, Network> factory;

  /**
   * @param id the model id used in pipeline files
   * @param description one line for {@code distillery list}
   * @param factory builds the (uninitialised) network for an input
   */
  protected ArchitecturePlugin(
      String id, String description, Function<ModelInput, Network> factory) {
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
  public final Class<NoOptions> optionsType() {
    return NoOptions.class;
  }

  @Override
  public final Network create(NoOptions options, ModelInput input) {
    Objects.requireNonNull(input, "input is null");
    return factory.apply(input);
  }
}
