package dev.distillery.pipeline;

import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.MethodSetup;

/** A {@code kd} method for tests: only its options matter. */
public final class FakeKdMethod implements MethodPlugin<FakeKdMethod.Options> {

  public record Options(Double temperature) {

    public Options {
      if (temperature == null) {
        temperature = 4.0;
      }
    }
  }

  @Override
  public String id() {
    return "kd";
  }

  @Override
  public String description() {
    return "Hinton knowledge distillation";
  }

  @Override
  public Class<Options> optionsType() {
    return Options.class;
  }

  @Override
  public DistillationLoss create(Options options, MethodSetup setup) {
    throw new UnsupportedOperationException("test plugin");
  }
}
