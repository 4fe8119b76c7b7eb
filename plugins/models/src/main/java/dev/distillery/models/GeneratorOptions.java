package dev.distillery.models;

/**
 * Options of the generators ({@code dafl-generator}, {@code dfad-generator}, {@code
 * dcgan-generator}).
 *
 * @param latent length of a latent vector (default 100, as both references)
 * @param width channels of the last hidden layer; the layers before it have twice as many (default
 *     64, the references' ngf; cost grows with its square)
 * @param channels channels of the images it makes (default: those of the images it is built for,
 *     the teacher's input)
 * @param size side of the square images it makes, a multiple of 4 (default: the height and width it
 *     is built for)
 */
public record GeneratorOptions(Integer latent, Integer width, Integer channels, Integer size) {

  public static final int DEFAULT_LATENT = 100;
  public static final int DEFAULT_WIDTH = 64;

  public GeneratorOptions {
    latent = latent == null ? DEFAULT_LATENT : latent;
    width = width == null ? DEFAULT_WIDTH : width;
  }

  /** The images to make: {@code channels} and {@code size} where given, else {@code wanted}'s. */
  public dev.distillery.spi.ImageShape made(dev.distillery.spi.ImageShape wanted) {
    return new dev.distillery.spi.ImageShape(
        channels == null ? wanted.channels() : channels,
        size == null ? wanted.height() : size,
        size == null ? wanted.width() : size);
  }
}
