package dev.distillery.models.onnx;

import dev.distillery.models.onnx.OnnxIr.GraphProto;
import dev.distillery.models.onnx.OnnxIr.ModelProto;
import dev.distillery.models.onnx.OnnxIr.OperatorSetIdProto;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.Network;
import dev.distillery.spi.UserException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes a zoo network as an ONNX model file: IR version {@link #IR_VERSION}, operator set {@link
 * OnnxGraph#OPSET}, one graph from {@link OnnxGraph#INPUT} ({@code batch × C × H × W}) to {@link
 * OnnxGraph#OUTPUT} ({@code batch × classes}), parameters stored in the file.
 */
public final class OnnxModelWriter {

  /** The zoo's classifiers: every one writes itself as ONNX. */
  public static final List<String> EXPORTABLE_ARCHITECTURES =
      List.of(
          "lenet5",
          "lenet5-half",
          "resnet8",
          "resnet8-half",
          "resnet14",
          "resnet20",
          "resnet32",
          "resnet56",
          "resnet8x4",
          "resnet32x4",
          "wrn-16-2",
          "wrn-40-2",
          "ghost-resnet20",
          "ghost-resnet32",
          "ghost-resnet56",
          "ghostnet-small");

  /** ONNX IR version 7, the one that goes with operator set 13. */
  public static final long IR_VERSION = 7;

  private OnnxModelWriter() {}

  /** Why {@code network} cannot be written as ONNX; empty when it can. */
  public static java.util.Optional<String> refusal(Network network) {
    if (network.block() instanceof OnnxExportable) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        "model '"
            + network.architecture()
            + "' cannot be exported to ONNX: its block ("
            + network.block().getClass().getName()
            + ") does not describe its ONNX graph; the architectures of the model zoo that"
            + " can are "
            + EXPORTABLE_ARCHITECTURES);
  }

  /**
   * The ONNX model of an initialised network.
   *
   * @throws UserException when the network's block cannot describe itself in ONNX
   */
  public static ModelProto model(Network network) {
    refusal(network)
        .ifPresent(
            reason -> {
              throw new UserException(reason);
            });
    OnnxExportable exportable = (OnnxExportable) network.block();
    ModelInput input = network.input();
    OnnxGraph graph = new OnnxGraph();
    String logits = exportable.emitOnnx(graph, "", OnnxGraph.INPUT);
    GraphProto body =
        graph.build(
            network.architecture(),
            logits,
            input.channels(),
            input.height(),
            input.width(),
            input.classes());
    String version = OnnxModelWriter.class.getPackage().getImplementationVersion();
    return ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OnnxGraph.OPSET))
        .setProducerName("distillery")
        .setProducerVersion(version == null ? "development" : version)
        .setDocString(
            network.architecture()
                + " in inference mode: model-ready images "
                + List.of(OnnxGraph.BATCH, input.channels(), input.height(), input.width())
                + " to logits of "
                + input.classes()
                + " classes")
        .setGraph(body)
        .build();
  }

  /** Writes the network's ONNX model to {@code file} (atomically: a temporary file, renamed). */
  public static ModelProto write(Network network, Path file) throws IOException {
    ModelProto model = model(network);
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(temporary)) {
      model.writeTo(out);
    }
    Files.move(
        temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return model;
  }
}
