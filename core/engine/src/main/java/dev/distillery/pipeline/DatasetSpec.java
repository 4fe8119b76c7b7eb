package dev.distillery.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * The {@code dataset:} block of a pipeline.
 *
 * @param name the dataset plugin id
 * @param options the plugin's options as written ({@code with:}), an empty object if none
 * @param typedOptions the options bound to the plugin's {@code optionsType()}
 * @param limit use only the first {@code limit} training images; null for all
 * @param testLimit use only the first {@code testLimit} test images; null for all
 * @param validation the fraction of the training images held out for validation, in [0, 0.5]
 */
public record DatasetSpec(
    String name,
    JsonNode options,
    Object typedOptions,
    Integer limit,
    Integer testLimit,
    double validation) {

  /** The validation fraction used when a pipeline gives none. */
  public static final double DEFAULT_VALIDATION = 0.1;

  public DatasetSpec {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(options, "options is null");
    Objects.requireNonNull(typedOptions, "typedOptions is null");
    options = options.deepCopy();
  }
}
