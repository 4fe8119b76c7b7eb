package dev.distillery.spi;

/**
 * What every Distillery plugin has: an id that pipeline files use and a one-line description that
 * {@code distillery list} prints. Providers are found with {@link java.util.ServiceLoader};
 * construction must be cheap (heavy objects are created by the factory methods of each SPI).
 *
 * @param <O> the plugin's typed options, bound from the pipeline file with unknown keys rejected; a
 *     Java record with kebab-case JSON names (e.g. {@code batchSize} is {@code batch-size})
 */
public interface Plugin<O> {

  /** The id used in pipeline files, lowercase with dashes, e.g. {@code lenet5-half}. */
  String id();

  /** One line for {@code distillery list}. */
  String description();

  /**
   * The options record. Its canonical constructor must accept nulls for omitted keys and apply
   * defaults; use {@link NoOptions} when there are none.
   */
  Class<O> optionsType();
}
