package dev.distillery.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.Network;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parameter counts, MACs and feature shapes equal those of the PyTorch reference implementations
 * (RepDistiller's resnet.py and wrn.py, DAFL's lenet.py), as written by {@code
 * src/test/python/reference_figures.py} into {@code reference-figures.csv}.
 */
class ReferenceFiguresTest {

  /** The reference's feature outputs, in its order, by our feature point names. */
  private static final List<String> RESNET_FEATURES =
      List.of("stem", "layer1", "layer2", "layer3", "pool");

  private static final List<String> LENET_FEATURES = List.of("conv1", "conv2", "conv3", "fc1");

  record Row(
      String model, int channels, int classes, long parameters, long macs, List<String> shapes) {

    @Override
    public String toString() {
      return model;
    }
  }

  static Stream<Row> rows() throws IOException {
    try (InputStream in =
        ReferenceFiguresTest.class.getResourceAsStream("/reference-figures.csv")) {
      List<String> lines =
          new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).toList();
      List<Row> rows = new ArrayList<>();
      for (String line : lines) {
        String[] f = line.split(",");
        rows.add(
            new Row(
                f[0],
                Integer.parseInt(f[1]),
                Integer.parseInt(f[2]),
                Long.parseLong(f[3]),
                Long.parseLong(f[4]),
                Arrays.asList(f[5].split(";"))));
      }
      assertThat(rows)
          .extracting(Row::model)
          .containsExactlyElementsOf(TestNetworks.REPDISTILLER_DAFL_IDS);
      return rows.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void matchesReference(Row row) {
    ModelInput input = new ModelInput(row.channels(), 32, 32, row.classes());
    try (NDManager manager = NDManager.newBaseManager()) {
      Network network = TestNetworks.initialized(row.model(), input, manager, 3);
      assertThat(TestNetworks.trainableParameters(network.block())).isEqualTo(row.parameters());
      assertThat(network.multiplyAccumulates()).isEqualTo(row.macs());

      NDList out =
          TestNetworks.forward(
              manager, network.block(), TestNetworks.randomBatch(manager, input, 2, 4), false);
      List<String> names = row.model().startsWith("lenet") ? LENET_FEATURES : RESNET_FEATURES;
      List<String> shapes = new ArrayList<>();
      for (String name : names) {
        Shape shape = network.feature(out, name).getShape();
        shapes.add(
            Arrays.stream(shape.slice(1).getShape())
                .mapToObj(Long::toString)
                .reduce((a, b) -> a + "x" + b)
                .orElseThrow());
      }
      assertThat(shapes).isEqualTo(row.shapes());
    }
  }
}
