package dev.distillery.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.UserException;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A TorchScript module run by DJL's PyTorch engine ({@link PtSymbolBlock}), parameters frozen and
 * in evaluation mode. DJL names the outputs of a module that returns a {@code Dict[str, Tensor]} by
 * their keys ({@code IValue.toNDList}); the tensors of a tuple or list, and a plain tensor, come
 * unnamed and are named by position here: {@code 0}, {@code 1}, ...
 */
final class TorchScriptBlock extends FileModelBlock {

  private PtSymbolBlock module;

  TorchScriptBlock(FileModelOptions options, ModelInput input) {
    super("TorchScript", options, input);
  }

  @Override
  protected void open(NDManager manager, Path file) {
    replace(JniUtils.loadModule(pytorch(manager), file, true, new String[0], new String[0], false));
  }

  @Override
  protected void open(NDManager manager, byte[] bytes) throws java.io.IOException {
    replace(JniUtils.loadModule(pytorch(manager), new ByteArrayInputStream(bytes), true, false));
  }

  private void replace(PtSymbolBlock loaded) {
    if (module != null) {
      module.close();
    }
    module = loaded;
  }

  private static PtNDManager pytorch(NDManager manager) {
    if (manager instanceof PtNDManager pytorch) {
      return pytorch;
    }
    throw new UserException(
        "a TorchScript model runs on DJL's PyTorch engine, but the stage's arrays are of engine "
            + manager.getEngine().getEngineName());
  }

  @Override
  protected Optional<long[]> declaredInputShape() {
    return Optional.empty(); // TorchScript declares none: the forward probe checks the shape
  }

  @Override
  protected Map<String, NDArray> run(NDArray images) {
    NDArray input = images.getName() == null ? images : images.duplicate();
    if (input != images) {
      input.setName(null); // DJL reads dotted input names as dictionary inputs
    }
    NDList outputs =
        module.forward(new ParameterStore(images.getManager(), false), new NDList(input), false);
    Map<String, NDArray> named = new LinkedHashMap<>();
    for (int i = 0; i < outputs.size(); i++) {
      NDArray output = outputs.get(i);
      named.put(output.getName() == null ? Integer.toString(i) : output.getName(), output);
    }
    return named;
  }

  @Override
  protected String howToMake() {
    return "Save a scripted module with torch.jit.script(model.eval()).save('teacher.pt')";
  }

  @Override
  protected String howToName() {
    return "Outputs are named when the scripted forward returns a Dict[str, Tensor], e.g."
        + " {'logits': logits, 'layer3': features}; the tensors of a tuple are named 0, 1, ...";
  }
}
