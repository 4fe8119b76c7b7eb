package dev.distillery.models;

import java.nio.file.Path;
import java.util.List;

/**
 * Options of the models loaded from files, {@code torchscript} and {@code onnx}.
 *
 * @param file the model file; a relative path starts at the working directory (where {@code
 *     distillery} runs). Required where the model is first named ({@code import-model}'s {@code
 *     model-options}); the stages after it load the copy the import stage keeps in the run.
 * @param logits the name of the output that holds the logits; default: the only output, or the one
 *     named {@code logits}
 * @param features names of outputs to expose as feature points, in this order (default none)
 */
public record FileModelOptions(String file, String logits, List<String> features) {

  public FileModelOptions {
    features = features == null ? List.of() : List.copyOf(features);
  }

  /** The file, relative paths resolved against the working directory; null when none is given. */
  public Path path() {
    return file == null ? null : Path.of(file).toAbsolutePath().normalize();
  }
}
