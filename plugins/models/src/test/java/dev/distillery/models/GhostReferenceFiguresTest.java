package dev.distillery.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
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
 * Parameter counts, MACs and feature shapes of the Ghost models equal those of ghostnet.py's
 * GhostModule and GhostBottleneck composed into RepDistiller's ResNets and a three-stage GhostNet,
 * as {@code src/test/python/reference_ghost.py} wrote them into {@code
 * reference-ghost-figures.csv}: default and other ratios and depthwise kernels, 1 and 3 channels,
 * and resnet56 on 3x32x32 (the paper's baseline).
 */
class GhostReferenceFiguresTest {

  private static final List<String> RESNET_FEATURES =
      List.of("stem", "layer1", "layer2", "layer3", "pool");

  private static final List<String> GHOSTNET_FEATURES =
      List.of("stem", "layer1", "layer2", "layer3", "pool", "head");

  /** One row; {@code options} null for a model without options (resnet56). */
  record Row(
      String model,
      int channels,
      int classes,
      GhostOptions options,
      long parameters,
      long macs,
      List<String> shapes) {

    @Override
    public String toString() {
      return model
          + " "
          + channels
          + "x32x32 "
          + classes
          + " classes"
          + (options == null ? "" : " s=" + options.ratio() + " d=" + options.dwKernel());
    }
  }

  static List<Row> rows() throws IOException {
    try (InputStream in =
        GhostReferenceFiguresTest.class.getResourceAsStream("/reference-ghost-figures.csv")) {
      List<Row> rows = new ArrayList<>();
      for (String line :
          new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).toList()) {
        String[] f = line.split(",");
        GhostOptions options =
            f[3].isEmpty()
                ? null
                : new GhostOptions(Integer.parseInt(f[3]), Integer.parseInt(f[4]));
        rows.add(
            new Row(
                f[0],
                Integer.parseInt(f[1]),
                Integer.parseInt(f[2]),
                options,
                Long.parseLong(f[5]),
                Long.parseLong(f[6]),
                Arrays.asList(f[7].split(";"))));
      }
      assertThat(rows).extracting(Row::model).containsAll(TestNetworks.GHOST_IDS);
      return rows;
    }
  }

  static Stream<Row> allRows() throws IOException {
    return rows().stream();
  }

  static Network network(Row row) {
    ModelInput input = new ModelInput(row.channels(), 32, 32, row.classes());
    return row.options() == null
        ? TestNetworks.create(row.model(), input)
        : TestNetworks.ghost(row.model(), row.options(), input);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allRows")
  void matchesReference(Row row) {
    try (NDManager manager = NDManager.newBaseManager()) {
      Network network = TestNetworks.initialize(network(row), manager, 3);
      assertThat(TestNetworks.trainableParameters(network.block())).isEqualTo(row.parameters());
      assertThat(network.multiplyAccumulates()).isEqualTo(row.macs());

      NDList out =
          TestNetworks.forward(
              manager,
              network.block(),
              TestNetworks.randomBatch(manager, network.input(), 2, 4),
              false);
      List<String> names = row.model().startsWith("ghostnet") ? GHOSTNET_FEATURES : RESNET_FEATURES;
      List<String> shapes = new ArrayList<>();
      for (String name : names) {
        shapes.add(
            Arrays.stream(network.feature(out, name).getShape().slice(1).getShape())
                .mapToObj(Long::toString)
                .reduce((a, b) -> a + "x" + b)
                .orElseThrow());
      }
      assertThat(shapes).isEqualTo(row.shapes());
    }
  }
}
