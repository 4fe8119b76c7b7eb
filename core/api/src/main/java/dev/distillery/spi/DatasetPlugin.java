package dev.distillery.spi;

import java.io.IOException;

/**
 * A named source of labelled images with a train and a test split, e.g. {@code fashion-mnist}.
 *
 * @param <O> typed options of the dataset (padding, normalisation, sizes for synthetic data)
 */
public interface DatasetPlugin<O> extends Plugin<O> {

  /**
   * Loads the dataset. Missing files are reported with a {@link dev.distillery.spi.UserException}
   * that names every place searched and how to provide the data.
   */
  DatasetSource open(O options, DatasetRequest request) throws IOException;
}
