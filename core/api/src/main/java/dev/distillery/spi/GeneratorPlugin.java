package dev.distillery.spi;

/**
 * A named image generator architecture, e.g. {@code dafl-generator}: latent vectors in, images out.
 * Data-free distillation trains one against a teacher; GAN stages train one against a
 * discriminator.
 *
 * @param <O> typed options (latent size, width, ...), {@link NoOptions} if none
 */
public interface GeneratorPlugin<O> extends Plugin<O> {

  /**
   * Creates an uninitialised generator of images of the given shape. Throw a {@link UserException}
   * that lists the shapes the architecture can make when it cannot make this one.
   */
  GeneratorNetwork create(O options, ImageShape image);
}
