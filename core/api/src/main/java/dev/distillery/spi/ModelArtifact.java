package dev.distillery.spi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;

/**
 * A trained model left by a stage.
 *
 * @param name the model's role, e.g. {@code teacher} or {@code student}
 * @param architecture the model plugin id
 * @param options the model plugin's options as given in the pipeline
 * @param parameters the parameter file, relative to the run directory
 * @param producedBy the stage that trained it
 * @param input the input shape and class count it was built for, so that it can be rebuilt without
 *     the dataset; null in runs made before it was recorded
 * @param classNames the dataset's class names, one per logit; null in runs made before they were
 *     recorded
 * @param preprocessing how the dataset turned an image file into this model's input, to serve it on
 *     new images; null when the dataset cannot say (generated data) or in older runs
 */
public record ModelArtifact(
    String name,
    String architecture,
    JsonNode options,
    String parameters,
    String producedBy,
    @JsonInclude(JsonInclude.Include.NON_NULL) ModelInput input,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<String> classNames,
    @JsonInclude(JsonInclude.Include.NON_NULL) ImagePreprocessing preprocessing) {

  public ModelArtifact {
    if (options == null) {
      options = JsonNodeFactory.instance.objectNode();
    }
    classNames = classNames == null ? null : List.copyOf(classNames);
    if (input != null && classNames != null && classNames.size() != input.classes()) {
      throw new IllegalArgumentException(
          "model '"
              + name
              + "' has "
              + classNames.size()
              + " class names for "
              + input.classes()
              + " classes");
    }
  }

  /** A model whose input and class names are not recorded. */
  public ModelArtifact(
      String name, String architecture, JsonNode options, String parameters, String producedBy) {
    this(name, architecture, options, parameters, producedBy, null, null, null);
  }

  /** A model whose dataset's preprocessing is not recorded. */
  public ModelArtifact(
      String name,
      String architecture,
      JsonNode options,
      String parameters,
      String producedBy,
      ModelInput input,
      List<String> classNames) {
    this(name, architecture, options, parameters, producedBy, input, classNames, null);
  }
}
