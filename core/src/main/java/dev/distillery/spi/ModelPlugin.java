package dev.distillery.spi;

/**
 * A named network architecture, e.g. {@code lenet5} or {@code resnet20}.
 *
 * @param <O> typed options (width multipliers and the like), {@link NoOptions} if none
 */
public interface ModelPlugin<O> extends Plugin<O> {

  /**
   * Creates an uninitialised network for the given input and class count. The caller initialises
   * its parameters (seeded) before use.
   */
  Network create(O options, ModelInput input);
}
