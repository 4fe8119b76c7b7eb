package dev.distillery.spi;

import ai.djl.nn.Block;
import java.util.Objects;

/**
 * A network built by a {@link GeneratorPlugin}: a DJL block that maps a batch of latent vectors
 * {@code (N, latentSize)} to a batch of images {@code (N, C, H, W)} of {@link #image()}, returned
 * as {@code NDList(images)}.
 *
 * @param architecture the generator plugin id that built it
 * @param block the DJL block (not yet initialised)
 * @param latentSize the length of one latent vector
 * @param image the shape of one generated image
 * @param multiplyAccumulates multiply-accumulate operations of one forward pass of one latent
 *     vector
 */
public record GeneratorNetwork(
    String architecture, Block block, int latentSize, ImageShape image, long multiplyAccumulates) {

  public GeneratorNetwork {
    Objects.requireNonNull(architecture, "architecture is null");
    Objects.requireNonNull(block, "block is null");
    Objects.requireNonNull(image, "image is null");
    if (latentSize < 1) {
      throw new IllegalArgumentException("latent size must be positive, got " + latentSize);
    }
  }

  /** The shape of a batch of latent vectors. */
  public ai.djl.ndarray.types.Shape latentShape(long batchSize) {
    return new ai.djl.ndarray.types.Shape(batchSize, latentSize);
  }
}
