package dev.distillery.pipeline;

import dev.distillery.spi.NoOptions;
import dev.distillery.spi.StageContext;
import dev.distillery.spi.StagePlugin;
import dev.distillery.spi.StageResult;

/** An {@code evaluate} stage for tests: takes no options. */
public final class FakeEvaluateStage implements StagePlugin<NoOptions> {

  @Override
  public String id() {
    return "evaluate";
  }

  @Override
  public String description() {
    return "Evaluates every model";
  }

  @Override
  public Class<NoOptions> optionsType() {
    return NoOptions.class;
  }

  @Override
  public StageResult run(NoOptions options, StageContext context) {
    throw new UnsupportedOperationException("test plugin");
  }
}
