package dev.distillery.spi;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A network written by an {@link ExportFormatPlugin}.
 *
 * @param format the format's id, e.g. {@code onnx}
 * @param file the written file
 * @param facts what a reader of the file needs to know, by kebab-case name: for ONNX the operator
 *     set, the IR version, the input and output names and the input shape
 */
public record ExportedModel(String format, Path file, Map<String, Object> facts) {

  public ExportedModel {
    Objects.requireNonNull(format, "format is null");
    Objects.requireNonNull(file, "file is null");
    facts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(facts));
  }
}
