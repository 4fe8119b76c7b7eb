package dev.distillery.spi;

import java.nio.file.Path;
import java.util.List;

/**
 * What the pipeline asks of a dataset besides its own options.
 *
 * @param searchPath directories searched in order for the dataset's files (the data directory
 *     option or {@code DISTILLERY_DATA}, {@code ./data}, {@code /usr/share/datasets}); a dataset
 *     looks in {@code <dir>/<id>} and then {@code <dir>} of each
 * @param seed the pipeline seed, for generated data
 */
public record DatasetRequest(List<Path> searchPath, long seed) {

  public DatasetRequest {
    searchPath = List.copyOf(searchPath);
  }
}
