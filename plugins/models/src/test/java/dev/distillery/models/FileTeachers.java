package dev.distillery.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.ModelPlugin;
import dev.distillery.spi.Network;
import dev.distillery.training.Networks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The tiny TorchScript/ONNX teachers that {@code src/test/python/make_file_teachers.py} writes into
 * {@code target/file-teachers} during generate-test-resources: 1x8x8 images, 4 classes.
 */
final class FileTeachers {

  static final List<String> IDS = List.of("torchscript", "onnx");

  static final Path DIRECTORY = Path.of("target", "file-teachers");

  /** What the teachers were made for. */
  static final ModelInput INPUT = new ModelInput(1, 8, 8, 4);

  private FileTeachers() {}

  static Path file(String name) {
    return DIRECTORY.resolve(name);
  }

  /** The model plugin of a file, by its extension. */
  static ModelPlugin<FileModelOptions> plugin(String name) {
    return name.endsWith(".onnx") ? new OnnxModelPlugin() : new TorchScriptModelPlugin();
  }

  /** PyTorch's outputs on the fixed input, as the script wrote them. */
  static JsonNode expected() throws IOException {
    return JsonMapper.builder().build().readTree(file("expected.json").toFile());
  }

  /** The fixed input batch of expected.json, in {@code manager}. */
  static NDArray expectedInput(NDManager manager) throws IOException {
    JsonNode expected = expected();
    return manager.create(floats(expected.get("input")), shape(expected.get("input-shape")));
  }

  static float[] floats(JsonNode values) {
    float[] result = new float[values.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = (float) values.get(i).asDouble();
    }
    return result;
  }

  static Shape shape(JsonNode dims) {
    long[] result = new long[dims.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = dims.get(i).asLong();
    }
    return new Shape(result);
  }

  /** A network of the file with these options, initialised in {@code manager} (not loaded yet). */
  static Network network(
      String name, FileModelOptions options, ModelInput input, NDManager manager) {
    Network network = plugin(name).create(options, input);
    Networks.initialize(network, manager, 0);
    return network;
  }

  static Network network(String name, List<String> features, NDManager manager) {
    return network(
        name, new FileModelOptions(file(name).toString(), null, features), INPUT, manager);
  }

  static NDList forward(Network network, NDArray images) {
    return network
        .block()
        .forward(new ParameterStore(images.getManager(), false), new NDList(images), false);
  }
}
