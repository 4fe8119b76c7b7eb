package dev.distillery.models;

import dev.distillery.spi.ModelInput;
import dev.distillery.spi.ModelPlugin;
import dev.distillery.spi.Network;

/**
 * {@code dcgan-discriminator}: DCGAN's discriminator as a classifier ({@link DcganDiscriminator}).
 */
public final class DcganDiscriminatorPlugin
    implements ModelPlugin<DcganDiscriminatorPlugin.Options> {

  /**
   * Options of {@code dcgan-discriminator}.
   *
   * @param width channels of the first block (then 2w, 4w; default 64, DCGAN's ndf)
   * @param batchNorm batch norms in blocks 2 and 3 (default true; false for a WGAN-GP critic)
   */
  public record Options(Integer width, Boolean batchNorm) {
    public Options {
      width = width == null ? 64 : width;
      batchNorm = batchNorm == null || batchNorm;
    }
  }

  @Override
  public String id() {
    return "dcgan-discriminator";
  }

  @Override
  public String description() {
    return "DCGAN discriminator: 3x (conv 4x4 stride 2, BN, LeakyReLU), linear; width as option";
  }

  @Override
  public Class<Options> optionsType() {
    return Options.class;
  }

  @Override
  public Network create(Options options, ModelInput input) {
    return DcganDiscriminator.network(id(), options.width(), options.batchNorm(), input);
  }
}
