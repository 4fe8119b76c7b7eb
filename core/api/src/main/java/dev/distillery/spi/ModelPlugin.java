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

  /**
   * Whether stages may train networks of this model (as a {@code train} model or a {@code distill}
   * student). Models loaded from files (TorchScript, ONNX) run in inference only: they can be
   * teachers and be evaluated, not trained.
   */
  default boolean trainable() {
    return true;
  }
}
