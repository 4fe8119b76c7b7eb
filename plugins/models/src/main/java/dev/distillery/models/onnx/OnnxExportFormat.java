package dev.distillery.models.onnx;

import dev.distillery.models.onnx.OnnxIr.ModelProto;
import dev.distillery.spi.ExportFormatPlugin;
import dev.distillery.spi.ExportedModel;
import dev.distillery.spi.ExportedModelRunner;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.Network;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code onnx}: the zoo's classifiers as ONNX files ({@link OnnxModelWriter}), run in ONNX Runtime
 * ({@link OnnxRuntimeRunner}).
 */
public final class OnnxExportFormat implements ExportFormatPlugin {

  @Override
  public String id() {
    return "onnx";
  }

  @Override
  public String description() {
    return "ONNX (opset "
        + OnnxGraph.OPSET
        + ") of the zoo's classifiers, checked in ONNX Runtime; input 'input' [batch, C, H, W],"
        + " output 'logits'";
  }

  @Override
  public String fileExtension() {
    return "onnx";
  }

  @Override
  public ExportedModel write(Network network, Path file) throws IOException {
    ModelProto model = OnnxModelWriter.write(network, file);
    ModelInput input = network.input();
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("opset", OnnxGraph.OPSET);
    facts.put("ir-version", model.getIrVersion());
    facts.put("input", OnnxGraph.INPUT);
    facts.put(
        "input-shape", List.of(OnnxGraph.BATCH, input.channels(), input.height(), input.width()));
    facts.put("output", OnnxGraph.OUTPUT);
    facts.put("output-shape", List.of(OnnxGraph.BATCH, input.classes()));
    facts.put("nodes", model.getGraph().getNodeCount());
    return new ExportedModel(id(), file, facts);
  }

  @Override
  public java.util.Optional<String> refusal(Network network) {
    return OnnxModelWriter.refusal(network);
  }

  @Override
  public ExportedModelRunner open(Path file) {
    return OnnxRuntimeRunner.open(file);
  }
}
