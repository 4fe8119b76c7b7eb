package dev.distillery.models;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.distillery.spi.Network;
import dev.distillery.spi.UserException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A file teacher that does not fit the dataset fails on load with a {@link UserException} naming
 * the file and both values: a file that does not load or does not exist, logits of another class
 * count, another input shape (ONNX: the graph's declared input; TorchScript: the forward pass of
 * two of the dataset's images fails), a feature point that is no output.
 */
class FileTeacherBadInputTest {

  @ParameterizedTest
  @ValueSource(strings = {"broken.pt", "broken.onnx"})
  void aFileThatDoesNotLoad(String name, @TempDir Path directory) throws Exception {
    Path file = directory.resolve(name);
    Files.write(file, "not a model at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> load(file.toString(), name, List.of()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("'" + file + "' does not load")
        .hasMessageContaining(name.endsWith(".pt") ? "TorchScript" : "ONNX");
  }

  @Test
  void aFileThatDoesNotExist() {
    assertThatThrownBy(() -> load("no/such/teacher.pt", "teacher.pt", List.of()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("TorchScript file 'no/such/teacher.pt' does not exist")
        .hasMessageContaining("working directory");
  }

  @ParameterizedTest
  @ValueSource(strings = {"wrong-classes.pt", "wrong-classes.onnx"})
  void logitsOfAnotherClassCount(String name) {
    assertThatThrownBy(() -> load(FileTeachers.file(name).toString(), name, List.of()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("'" + FileTeachers.file(name) + "'")
        .hasMessageContaining("have 5 classes but the dataset has 4 classes");
  }

  @Test
  void torchScriptOfAnotherInputShape() {
    String name = "wrong-shape.pt";
    assertThatThrownBy(() -> load(FileTeachers.file(name).toString(), name, List.of()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("TorchScript file '" + FileTeachers.file(name) + "'")
        .hasMessageContaining("does not run on the dataset's images (a batch of 2x1x8x8)")
        .hasMessageContaining("input shape does not match the dataset's 1x8x8");
  }

  @Test
  void onnxOfAnotherInputShape() {
    String name = "wrong-shape.onnx";
    assertThatThrownBy(() -> load(FileTeachers.file(name).toString(), name, List.of()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("ONNX file '" + FileTeachers.file(name) + "'")
        .hasMessageContaining("takes input ?x1x16x16 but the dataset's images are 1x8x8");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dict-teacher.pt", "dict-teacher.onnx"})
  void aFeaturePointThatIsNoOutput(String name) {
    assertThatThrownBy(() -> load(FileTeachers.file(name).toString(), name, List.of("layer9")))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("has no output 'layer9' to use as a feature point")
        .hasMessageContaining("conv")
        .hasMessageContaining("pool");
  }

  private static void load(String file, String name, List<String> features) throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      Network network =
          FileTeachers.network(
              name, new FileModelOptions(file, null, features), FileTeachers.INPUT, manager);
      FileTeachers.forward(network, manager.zeros(FileTeachers.INPUT.batchShape(1)));
    }
  }
}
