package dev.distillery.models;

import dev.distillery.spi.ModelInput;
import dev.distillery.spi.ModelPlugin;
import dev.distillery.spi.Network;

/**
 * {@code torchscript}: a teacher trained in PyTorch and saved as TorchScript ({@code
 * torch.jit.script(model.eval()).save("teacher.pt")}), run by DJL's PyTorch engine in inference
 * only. Its feature points are outputs of the scripted forward, named when it returns a {@code
 * Dict[str, Tensor]}; see the plugin README. Enters a pipeline through an {@code import-model}
 * stage:
 *
 * <pre>
 * teacher:
 *   uses: import-model
 *   with:
 *     model: torchscript
 *     model-options: {file: teacher.pt, features: [layer3]}
 * </pre>
 */
public final class TorchScriptModelPlugin implements ModelPlugin<FileModelOptions> {

  @Override
  public String id() {
    return "torchscript";
  }

  @Override
  public String description() {
    return "A TorchScript file trained in PyTorch (inference only: a teacher, via import-model)";
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
    return FileModels.network(id(), new TorchScriptBlock(options, input), options, input);
  }
}
