package dev.distillery.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import dev.distillery.export.LogitComparison;
import dev.distillery.models.onnx.OnnxExportFormat;
import dev.distillery.models.onnx.OnnxModelWriter;
import dev.distillery.spi.ExportedModel;
import dev.distillery.spi.ExportedModelRunner;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.Network;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every classifier of the zoo, exported to ONNX and run in ONNX Runtime, gives DJL's logits within
 * float tolerance ({@link LogitComparison}: {@code |onnx − djl| ≤ 1e-4 + 1e-4·|djl|}), at two batch
 * sizes (the batch dimension is dynamic). The batch norms' running statistics are randomised first,
 * so that a graph that ignored them, or used batch statistics, would not match.
 */
class OnnxExportMatchesDjlTest {

  /** Small inputs: LeNet-5 needs 32x32; the others pool globally and take 16x16. */
  private static ModelInput inputOf(String id) {
    return id.startsWith("lenet5") ? new ModelInput(3, 32, 32, 7) : new ModelInput(3, 16, 16, 5);
  }

  static List<String> architectures() {
    return TestNetworks.IDS;
  }

  @Test
  void theWriterListsEveryClassifierOfTheZoo() {
    assertThat(OnnxModelWriter.EXPORTABLE_ARCHITECTURES)
        .containsExactlyInAnyOrderElementsOf(TestNetworks.IDS);
  }

  @ParameterizedTest
  @MethodSource("architectures")
  void onnxRuntimeGivesDjlsLogits(String id, @TempDir Path directory) throws Exception {
    ModelInput input = inputOf(id);
    try (NDManager manager = NDManager.newBaseManager()) {
      Network network = TestNetworks.initialized(id, input, manager, 17);
      checkExport(id, network, manager, directory);
    }
  }

  /**
   * Ratio 3 makes {@code ceil(out / 3) · 3} channels, more than {@code out} for 16, 40, ...: the
   * Ghost modules' {@code Slice} (and a 5×5 cheap kernel) are exported too.
   */
  @ParameterizedTest
  @MethodSource("ghostArchitectures")
  void ghostModulesThatDropChannelsToo(String id, @TempDir Path directory) throws Exception {
    ModelInput input = inputOf(id);
    try (NDManager manager = NDManager.newBaseManager()) {
      Network network =
          TestNetworks.initialize(
              TestNetworks.ghost(id, new GhostOptions(3, 5), input), manager, 23);
      checkExport(id + " ratio 3", network, manager, directory);
    }
  }

  static List<String> ghostArchitectures() {
    return List.of("ghost-resnet20", "ghostnet-small");
  }

  private static void checkExport(String id, Network network, NDManager manager, Path directory)
      throws Exception {
    ModelInput input = network.input();
    OnnxExportFormat format = new OnnxExportFormat();
    randomiseRunningStatistics(network, manager);
    ExportedModel exported = format.write(network, directory.resolve("model.onnx"));
    assertThat(exported.facts())
        .containsEntry("opset", 13)
        .containsEntry("input", "input")
        .containsEntry("output", "logits")
        .containsEntry(
            "input-shape", List.of("batch", input.channels(), input.height(), input.width()));

    try (ExportedModelRunner runner = format.open(exported.file())) {
      for (int batch : new int[] {1, 3}) {
        NDArray images = TestNetworks.randomBatch(manager, input, batch, 40 + batch);
        float[] djl =
            network
                .logits(TestNetworks.forward(manager, network.block(), images, false))
                .toType(DataType.FLOAT32, false)
                .toFloatArray();
        float[] onnx = runner.logits(images.toFloatArray(), batch);

        LogitComparison comparison = LogitComparison.of(djl, onnx, new int[batch], input.classes());
        System.out.printf(
            Locale.ROOT,
            "%s batch %d: max |onnx - djl| %.3g (logits up to %.3g)%n",
            id,
            batch,
            comparison.maxAbsoluteDifference(),
            maxAbs(djl));
        assertThat(onnx).hasSize(batch * input.classes());
        assertThat(comparison.outsideTolerance()).as(comparison.summary()).isZero();
        assertThat(comparison.disagreements()).isZero();
      }
    }
  }

  /**
   * Running means N(0, 0.5²) and variances U(0.25, 2.25) instead of 0 and 1, in place (as training
   * steps would leave them).
   */
  static void randomiseRunningStatistics(Network network, NDManager manager) {
    Engine.getInstance().setRandomSeed(99);
    for (Parameter parameter : network.block().getParameters().values()) {
      NDArray array = parameter.getArray();
      if (parameter.getType() == Parameter.Type.RUNNING_MEAN) {
        array.addi(manager.randomNormal(0f, 0.5f, array.getShape(), DataType.FLOAT32));
      } else if (parameter.getType() == Parameter.Type.RUNNING_VAR) {
        array.muli(manager.randomUniform(0.25f, 2.25f, array.getShape()));
      }
    }
  }

  private static double maxAbs(float[] values) {
    double max = 0;
    for (float value : values) {
      max = Math.max(max, Math.abs(value));
    }
    return max;
  }
}
