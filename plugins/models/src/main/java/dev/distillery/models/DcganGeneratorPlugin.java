package dev.distillery.models;

import dev.distillery.spi.GeneratorNetwork;
import dev.distillery.spi.GeneratorPlugin;
import dev.distillery.spi.ImageShape;

/** {@code dcgan-generator}: DCGAN's generator with upsampling ({@link DcganGenerator}). */
public final class DcganGeneratorPlugin implements GeneratorPlugin<GeneratorOptions> {

  @Override
  public String id() {
    return "dcgan-generator";
  }

  @Override
  public String description() {
    return "DCGAN generator: linear, 3x (upsample, conv 3x3, BN, ReLU), tanh; width as option";
  }

  @Override
  public Class<GeneratorOptions> optionsType() {
    return GeneratorOptions.class;
  }

  @Override
  public GeneratorNetwork create(GeneratorOptions options, ImageShape image) {
    return DcganGenerator.network(id(), options.latent(), options.width(), options.made(image));
  }
}
