package dev.distillery.spi;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file format trained networks can be exported to, e.g. {@code onnx}: it writes a {@link Network}
 * as a file another runtime can run, and opens such a file in that runtime so that the export can
 * be checked against DJL's own forward pass ({@code distillery export}, the evaluate stage's {@code
 * export} option).
 *
 * <p>The file holds the network in inference mode (batch norms use their running statistics) and
 * computes the logits only, from the model-ready input ({@code N × C × H × W}, normalised as the
 * dataset gives it) with a dynamic batch dimension.
 */
public interface ExportFormatPlugin extends Plugin<NoOptions> {

  /** The file name extension, without the dot, e.g. {@code onnx}. */
  String fileExtension();

  /**
   * Writes an initialised network to {@code file}.
   *
   * @return what was written, with the format's facts (operator set, input and output names...)
   * @throws UserException when the network's architecture (or one of its layers) cannot be written
   *     in this format; the message names the architecture and the layer
   */
  ExportedModel write(Network network, Path file) throws IOException;

  /**
   * Why this format cannot write {@code network}, checked without writing anything (so that a
   * pipeline that asks for an export is refused before it runs); empty when it can.
   */
  java.util.Optional<String> refusal(Network network);

  /** Opens a file this format wrote in the format's own runtime, to run it. */
  ExportedModelRunner open(Path file) throws IOException;

  @Override
  default Class<NoOptions> optionsType() {
    return NoOptions.class;
  }
}
