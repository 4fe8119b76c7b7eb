package dev.distillery.models;

import dev.distillery.spi.ModelInput;
import dev.distillery.spi.ModelPlugin;
import dev.distillery.spi.Network;

/**
 * {@code onnx}: a teacher exported as ONNX (e.g. {@code torch.onnx.export} with named outputs), run
 * by DJL's ONNX Runtime engine in inference only; its outputs are copied to the PyTorch engine for
 * the losses. Feature points are graph outputs, by name. Enters a pipeline through an {@code
 * import-model} stage:
 *
 * <pre>
 * teacher:
 *   uses: import-model
 *   with:
 *     model: onnx
 *     model-options: {file: teacher.onnx, features: [layer3]}
 * </pre>
 */
public final class OnnxModelPlugin implements ModelPlugin<FileModelOptions> {

  @Override
  public String id() {
    return "onnx";
  }

  @Override
  public String description() {
    return "An ONNX file, e.g. exported from PyTorch (inference only: a teacher, via import-model)";
  }

  @Override
  public Class<FileModelOptions> optionsType() {
    return FileModelOptions.class;
  }

  @Override
  public boolean trainable() {
    return false;
  }

  @Override
  public Network create(FileModelOptions options, ModelInput input) {
    return FileModels.network(id(), new OnnxBlock(options, input), options, input);
  }
}
