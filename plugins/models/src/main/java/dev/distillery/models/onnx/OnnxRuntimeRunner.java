package dev.distillery.models.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.distillery.spi.ExportedModelRunner;
import dev.distillery.spi.UserException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/** An ONNX file opened in ONNX Runtime (CPU), computing the logits of model-ready images. */
public final class OnnxRuntimeRunner implements ExportedModelRunner {

  private final OrtEnvironment environment;
  private final OrtSession session;
  private final String inputName;
  private final long[] imageShape;

  private OnnxRuntimeRunner(OrtEnvironment environment, OrtSession session) throws OrtException {
    this.environment = environment;
    this.session = session;
    Map.Entry<String, NodeInfo> input = session.getInputInfo().entrySet().iterator().next();
    this.inputName = input.getKey();
    long[] shape = ((TensorInfo) input.getValue().getInfo()).getShape();
    this.imageShape = java.util.Arrays.copyOfRange(shape, 1, shape.length);
  }

  /**
   * Opens an ONNX file.
   *
   * @throws UserException when ONNX Runtime refuses the file, with its reason
   */
  public static OnnxRuntimeRunner open(Path file) {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      return new OnnxRuntimeRunner(
          environment, environment.createSession(file.toString(), options));
    } catch (OrtException e) {
      throw new UserException("ONNX Runtime cannot load '" + file + "': " + e.getMessage(), e);
    }
  }

  @Override
  public String runtime() {
    return "ONNX Runtime " + environment.getVersion();
  }

  @Override
  public float[] logits(float[] images, int count) {
    long[] shape = new long[imageShape.length + 1];
    shape[0] = count;
    System.arraycopy(imageShape, 0, shape, 1, imageShape.length);
    try (OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(images), shape);
        OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
      FloatBuffer logits = ((OnnxTensor) result.get(0)).getFloatBuffer();
      float[] values = new float[logits.remaining()];
      logits.get(values);
      return values;
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on " + count + " images: " + e, e);
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close the ONNX Runtime session: " + e, e);
    }
  }
}
