package dev.distillery.models;

import dev.distillery.spi.GeneratorNetwork;
import dev.distillery.spi.GeneratorPlugin;
import dev.distillery.spi.ImageShape;

/**
 * The generators of DAFL and DFAD: one architecture, two batch-norm eps ({@link
 * UpsamplingGenerator}).
 */
abstract class UpsamplingGeneratorPlugin implements GeneratorPlugin<GeneratorOptions> {

  private final String id;
  private final String description;
  private final float eps;

  UpsamplingGeneratorPlugin(String id, String description, float eps) {
    this.id = id;
    this.description = description;
    this.eps = eps;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public Class<GeneratorOptions> optionsType() {
    return GeneratorOptions.class;
  }

  @Override
  public GeneratorNetwork create(GeneratorOptions options, ImageShape image) {
    return UpsamplingGenerator.network(
        id, options.latent(), options.width(), eps, options.made(image));
  }
}
