package dev.distillery.models;

import dev.distillery.spi.ModelInput;
import dev.distillery.spi.Network;

/** Builds the networks of the models loaded from files. */
final class FileModels {

  private FileModels() {}

  /**
   * A network around a file model: its feature points are the outputs named in {@code features};
   * the multiply-accumulate count is unknown (0).
   */
  static Network network(
      String id, FileModelBlock block, FileModelOptions options, ModelInput input) {
    return new Network(id, block, input, options.features(), 0);
  }
}
