package dev.distillery.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * One stage of a pipeline.
 *
 * @param id the stage id (its key under {@code stages:})
 * @param uses the stage plugin id
 * @param needs ids of the stages this one needs, in the order written
 * @param with the stage's options with the pipeline's {@code defaults:} for its plugin merged in
 * @param options {@code with} bound to the plugin's {@code optionsType()}
 * @param key a hex SHA-256 over the stage's resolved configuration and its inputs' keys: equal keys
 *     mean equal outputs (see {@link PipelineLoader})
 * @param placement the device kind and slots it needs (not part of the key)
 */
public record StageSpec(
    String id,
    String uses,
    List<String> needs,
    ObjectNode with,
    Object options,
    String key,
    StagePlacement placement) {

  public StageSpec {
    Objects.requireNonNull(id, "id is null");
    Objects.requireNonNull(uses, "uses is null");
    Objects.requireNonNull(with, "with is null");
    Objects.requireNonNull(options, "options is null");
    Objects.requireNonNull(key, "key is null");
    Objects.requireNonNull(placement, "placement is null");
    needs = List.copyOf(needs);
    with = with.deepCopy();
  }
}
