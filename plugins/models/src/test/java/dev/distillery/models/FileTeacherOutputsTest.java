package dev.distillery.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.spi.Network;
import dev.distillery.training.Networks;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A TorchScript or ONNX teacher reproduces PyTorch's outputs on a fixed input (within 1e-5): the
 * feature points named in {@code features}, in that order, then the logits; loaded from its file or
 * from the copy a stage keeps in the run (the bytes, through {@code loadParameters}). The expected
 * values are written by {@code src/test/python/make_file_teachers.py}.
 */
class FileTeacherOutputsTest {

  private static final double TOLERANCE = 1e-5;

  @ParameterizedTest
  @ValueSource(strings = {"dict-teacher.pt", "dict-teacher.onnx"})
  void namedOutputsAreFeaturePointsAndLogitsAsInPyTorch(String name) throws Exception {
    JsonNode expected = FileTeachers.expected().get("dict-teacher");
    try (NDManager manager = NDManager.newBaseManager()) {
      Network network = FileTeachers.network(name, List.of("pool", "conv"), manager);
      assertThat(network.featurePoints()).containsExactly("pool", "conv");
      assertThat(network.block().getParameters().size()).as("no trainable parameters").isZero();

      NDList outputs = FileTeachers.forward(network, FileTeachers.expectedInput(manager));

      assertThat(outputs).hasSize(3);
      assertClose(network.feature(outputs, "pool"), expected, "pool");
      assertClose(network.feature(outputs, "conv"), expected, "conv");
      assertClose(network.logits(outputs), expected, "logits");
      assertThat(network.block().getOutputShapes(new Shape[] {new Shape(5, 1, 8, 8)}))
          .containsExactly(new Shape(5, 64), new Shape(5, 4, 8, 8), new Shape(5, 4));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"tensor-teacher.pt", "tensor-teacher.onnx"})
  void aSingleOutputIsTheLogits(String name) throws Exception {
    JsonNode expected = FileTeachers.expected().get("tensor-teacher");
    try (NDManager manager = NDManager.newBaseManager()) {
      Network network = FileTeachers.network(name, List.of(), manager);

      NDList outputs = FileTeachers.forward(network, FileTeachers.expectedInput(manager));

      assertThat(outputs).hasSize(1);
      assertClose(network.logits(outputs), expected, "logits");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dict-teacher.pt", "dict-teacher.onnx"})
  void theCopyInTheRunLoadsAsTheFileDoes(String name) throws Exception {
    JsonNode expected = FileTeachers.expected().get("dict-teacher");
    try (NDManager manager = NDManager.newBaseManager()) {
      // as StageContext.loadModel does: the artifact's options have no file, its parameters are
      // the imported copy
      Network network =
          FileTeachers.network(
              name,
              new FileModelOptions(null, "logits", List.of("conv")),
              FileTeachers.INPUT,
              manager);
      Networks.loadBlock(network.block(), manager, FileTeachers.file(name));

      NDList outputs = FileTeachers.forward(network, FileTeachers.expectedInput(manager));

      assertClose(network.feature(outputs, "conv"), expected, "conv");
      assertClose(network.logits(outputs), expected, "logits");
    }
  }

  private static void assertClose(NDArray actual, JsonNode expected, String output) {
    assertThat(actual.getShape())
        .as(output)
        .isEqualTo(FileTeachers.shape(expected.get(output + "-shape")));
    float[] values = actual.toFloatArray();
    float[] wanted = FileTeachers.floats(expected.get(output));
    assertThat(values).as(output).hasSameSizeAs(wanted);
    double worst = 0;
    for (int i = 0; i < values.length; i++) {
      worst = Math.max(worst, Math.abs(values[i] - wanted[i]));
    }
    assertThat(worst).as("largest difference from PyTorch in '%s'", output).isLessThan(TOLERANCE);
  }
}
