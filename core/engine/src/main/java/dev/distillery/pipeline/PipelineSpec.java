package dev.distillery.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Objects;

/**
 * A parsed and validated pipeline file; see {@link PipelineLoader} for the file format.
 *
 * @param source the file path or source name it was read from
 * @param name the pipeline name ({@code pipeline:})
 * @param description the one-line description, or null
 * @param seed the pipeline seed (default 42)
 * @param device where stages run (default {@link DeviceChoice#AUTO})
 * @param dataset the dataset block
 * @param stages the stages in file order, by id
 * @param locator places problems found later (preflight) at their stage options in the file
 */
public record PipelineSpec(
    String source,
    String name,
    String description,
    long seed,
    DeviceChoice device,
    DatasetSpec dataset,
    LinkedHashMap<String, StageSpec> stages,
    ProblemLocator locator) {

  /** The seed used when a pipeline gives none. */
  public static final long DEFAULT_SEED = 42;

  public PipelineSpec {
    Objects.requireNonNull(source, "source is null");
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(device, "device is null");
    Objects.requireNonNull(dataset, "dataset is null");
    stages = new LinkedHashMap<>(stages);
    Objects.requireNonNull(locator, "locator is null");
  }

  /** A pipeline not read from a file: problems are placed at the start of {@code source}. */
  public PipelineSpec(
      String source,
      String name,
      String description,
      long seed,
      DeviceChoice device,
      DatasetSpec dataset,
      LinkedHashMap<String, StageSpec> stages) {
    this(source, name, description, seed, device, dataset, stages, ProblemLocator.startOf(source));
  }

  /** The stage with this id. */
  public StageSpec stage(String id) {
    StageSpec stage = stages.get(id);
    if (stage == null) {
      throw new IllegalArgumentException(
          "pipeline '" + name + "' has no stage '" + id + "'; stages: " + stages.keySet());
    }
    return stage;
  }

  /** The graph of the stages' needs. */
  public StageGraph graph() {
    return StageGraph.of(this);
  }

  /**
   * The whole pipeline with every default filled in and {@code defaults:} merged into the stages,
   * for the run directory. It is itself a valid pipeline file (without a {@code defaults:} block)
   * that loads to the same stage keys.
   */
  public JsonNode resolved() {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode root = nodes.objectNode();
    root.put("pipeline", name);
    if (description != null) {
      root.put("description", description);
    }
    root.put("seed", seed);
    root.put("device", device.id());
    ObjectNode data = root.putObject("dataset");
    data.put("name", dataset.name());
    if (dataset.limit() != null) {
      data.put("limit", dataset.limit());
    }
    if (dataset.testLimit() != null) {
      data.put("test-limit", dataset.testLimit());
    }
    data.put("validation", dataset.validation());
    data.set("with", dataset.options().deepCopy());
    ObjectNode stageNodes = root.putObject("stages");
    for (StageSpec stage : stages.values()) {
      ObjectNode node = stageNodes.putObject(stage.id());
      node.put("uses", stage.uses());
      if (!stage.needs().isEmpty()) {
        stage.needs().forEach(node.putArray("needs")::add);
      }
      node.set("with", stage.with().deepCopy());
    }
    return root;
  }
}
