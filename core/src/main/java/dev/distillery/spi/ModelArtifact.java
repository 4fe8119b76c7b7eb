package dev.distillery.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * A trained model left by a stage.
 *
 * @param name the model's role, e.g. {@code teacher} or {@code student}
 * @param architecture the model plugin id
 * @param options the model plugin's options as given in the pipeline
 * @param parameters the parameter file, relative to the run directory
 * @param producedBy the stage that trained it
 */
public record ModelArtifact(
    String name, String architecture, JsonNode options, String parameters, String producedBy) {

  public ModelArtifact {
    if (options == null) {
      options = JsonNodeFactory.instance.objectNode();
    }
  }
}
