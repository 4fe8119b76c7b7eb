package dev.distillery.pipeline;

import dev.distillery.spi.DatasetPlugin;
import dev.distillery.spi.DatasetRequest;
import dev.distillery.spi.DatasetSource;

/** A {@code synthetic} dataset for tests: only its options matter. */
public final class FakeSyntheticDataset implements DatasetPlugin<FakeSyntheticDataset.Options> {

  public record Options(Integer size, Integer padTo) {

    public Options {
      if (size == null) {
        size = 64;
      }
    }
  }

  @Override
  public String id() {
    return "synthetic";
  }

  @Override
  public String description() {
    return "Seeded random images";
  }

  @Override
  public Class<Options> optionsType() {
    return Options.class;
  }

  @Override
  public DatasetSource open(Options options, DatasetRequest request) {
    throw new UnsupportedOperationException("test plugin");
  }
}
