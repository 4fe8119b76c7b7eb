package dev.distillery.models;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.onnxruntime.engine.OrtEngineProvider;
import ai.djl.onnxruntime.engine.OrtNDManager;
import ai.djl.onnxruntime.engine.OrtSymbolBlock;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.distillery.spi.ModelInput;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An ONNX graph run by DJL's ONNX Runtime engine ({@link OrtSymbolBlock}). Its outputs are named by
 * the graph. The images are copied to the ONNX Runtime engine for the forward pass and its outputs
 * copied back to the batch's manager (the PyTorch engine's), where the losses are computed.
 */
final class OnnxBlock extends FileModelBlock {

  static final String ENGINE = "OnnxRuntime";

  private OrtNDManager ortManager;
  private OrtSession session;
  private OrtSymbolBlock graph;
  private String inputName;

  OnnxBlock(FileModelOptions options, ModelInput input) {
    super("ONNX", options, input);
  }

  /**
   * DJL finds engines with the class loader of its api, which does not see plugin jars: register
   * the ONNX Runtime engine from here.
   */
  private static synchronized Engine engine() {
    if (!Engine.hasEngine(ENGINE)) {
      Engine.registerEngine(new OrtEngineProvider());
    }
    return Engine.getEngine(ENGINE);
  }

  @Override
  protected void open(NDManager manager, Path file) throws OrtException {
    Engine engine = engine(); // first: the engine sets up ONNX Runtime's environment
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      attach(
          manager, OrtEnvironment.getEnvironment().createSession(file.toString(), options), engine);
    }
  }

  @Override
  protected void open(NDManager manager, byte[] bytes) throws OrtException {
    Engine engine = engine(); // first: the engine sets up ONNX Runtime's environment
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      attach(manager, OrtEnvironment.getEnvironment().createSession(bytes, options), engine);
    }
  }

  private void attach(NDManager manager, OrtSession loaded, Engine engine) {
    if (ortManager != null) {
      ortManager.close(); // closes the previous graph and its session
    }
    session = loaded;
    ortManager = (OrtNDManager) engine.newBaseManager();
    graph = new OrtSymbolBlock(session, ortManager);
    // the ONNX Runtime arrays and session live as long as the manager the block was loaded in
    manager.attachInternal(NDManager.nextUid(), ortManager);
    inputName = session.getInputNames().iterator().next();
  }

  @Override
  protected int declaredInputCount() {
    return (int) session.getNumInputs();
  }

  @Override
  protected Optional<long[]> declaredInputShape() {
    try {
      NodeInfo info = session.getInputInfo().get(inputName);
      if (info.getInfo() instanceof TensorInfo tensor) {
        return Optional.of(tensor.getShape());
      }
      return Optional.empty();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot read the input of an ONNX graph", e);
    }
  }

  @Override
  protected Map<String, NDArray> run(NDArray images) {
    NDManager target = images.getManager();
    Map<String, NDArray> named = new LinkedHashMap<>();
    try (NDManager scope = ortManager.newSubManager()) {
      NDArray input = scope.from(images); // a copy into the ONNX Runtime engine
      input.setName(inputName);
      NDList outputs = graph.forward(new ParameterStore(scope, false), new NDList(input), false);
      for (NDArray output : outputs) {
        NDArray copy = target.from(output); // back to the batch's engine
        named.put(output.getName(), copy);
      }
    }
    return named;
  }

  @Override
  protected String howToMake() {
    return "Export with torch.onnx.export(model.eval(), example, 'teacher.onnx', opset_version=13,"
        + " input_names=['images'], output_names=['logits', ...],"
        + " dynamic_axes={'images': {0: 'batch'}, 'logits': {0: 'batch'}})";
  }

  @Override
  protected String howToName() {
    return "ONNX outputs are named by the graph: give torch.onnx.export output_names=['logits',"
        + " 'layer3'] for a forward that returns (logits, layer3)";
  }
}
