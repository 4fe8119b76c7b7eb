package dev.distillery.models;

/** DAFL's generator: batch-norm eps 0.8 in the two inner blocks. */
public final class DaflGeneratorPlugin extends UpsamplingGeneratorPlugin {

  public DaflGeneratorPlugin() {
    super(
        "dafl-generator",
        "DAFL's generator: linear, 2x (upsample, conv 3x3, BN eps 0.8, LeakyReLU), conv, tanh, BN",
        0.8f);
  }
}
