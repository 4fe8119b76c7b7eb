package dev.distillery.models;

/** DFAD's GeneratorA: DAFL's generator with the default batch-norm eps 1e-5. */
public final class DfadGeneratorPlugin extends UpsamplingGeneratorPlugin {

  public DfadGeneratorPlugin() {
    super(
        "dfad-generator",
        "DFAD's generator: DAFL's upsampling generator with batch-norm eps 1e-5",
        1e-5f);
  }
}
