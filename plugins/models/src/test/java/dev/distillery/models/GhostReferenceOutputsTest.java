package dev.distillery.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.distillery.spi.Network;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * With the same parameters and input, every feature point and the logits of the Ghost models equal
 * those of ghostnet.py's modules composed as {@code src/test/python/reference_ghost.py} does, in
 * inference mode, and a training-mode pass gives the same logits and running statistics (the first
 * and the last batch norm). Ratio 3 makes more channels than asked (ceil(16/3)·3 = 18 for 16), so
 * the cut to {@code out} channels and the grouping of the cheap convolution are checked too.
 * Parameters and input come from {@code reference_outputs.py}'s formula ({@link
 * ReferenceOutputsTest#fill}).
 */
class GhostReferenceOutputsTest {

  private static Map<String, ReferenceOutputsTest.Summary> reference(
      String model, int ratio, int dwKernel, String mode) throws IOException {
    Map<String, ReferenceOutputsTest.Summary> rows = new LinkedHashMap<>();
    try (InputStream in =
        GhostReferenceOutputsTest.class.getResourceAsStream("/reference-ghost-outputs.csv")) {
      for (String line :
          new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).toList()) {
        String[] f = line.split(",");
        if (f[0].equals(model)
            && Integer.parseInt(f[1]) == ratio
            && Integer.parseInt(f[2]) == dwKernel
            && f[3].equals(mode)) {
          rows.put(f[4], ReferenceOutputsTest.Summary.parse(f[5], f[6], f[7]));
        }
      }
    }
    assertThat(rows).as("reference rows of %s s=%d d=%d", model, ratio, dwKernel).isNotEmpty();
    return rows;
  }

  private static Network filled(String model, int ratio, int dwKernel, NDManager manager) {
    Network network =
        TestNetworks.initialize(
            TestNetworks.ghost(model, new GhostOptions(ratio, dwKernel), TestNetworks.GRAY_32),
            manager,
            1);
    ReferenceOutputsTest.fill(network);
    return network;
  }

  private static NDArray statistic(Network network, Parameter.Type type, boolean last) {
    List<Parameter> found =
        network.block().getParameters().values().stream().filter(p -> p.getType() == type).toList();
    return found.get(last ? found.size() - 1 : 0).getArray();
  }

  @ParameterizedTest(name = "{0} s={1} d={2}")
  @CsvSource({
    "ghost-resnet20, 2, 3",
    "ghost-resnet20, 3, 5",
    "ghostnet-small, 2, 3",
    "ghostnet-small, 3, 5"
  })
  void inferenceFeaturePointsAndLogitsMatch(String model, int ratio, int dwKernel)
      throws IOException {
    Map<String, ReferenceOutputsTest.Summary> expected = reference(model, ratio, dwKernel, "eval");
    try (NDManager manager = NDManager.newBaseManager()) {
      Network network = filled(model, ratio, dwKernel, manager);
      NDList out =
          TestNetworks.forward(
              manager, network.block(), ReferenceOutputsTest.input(manager), false);

      List<String> names = new ArrayList<>(network.featurePoints());
      names.add("logits");
      assertThat(expected.keySet()).containsExactlyElementsOf(names);
      for (int i = 0; i < names.size(); i++) {
        ReferenceOutputsTest.assertMatches(
            model + " " + names.get(i), out.get(i), expected.get(names.get(i)));
      }
    }
  }

  @ParameterizedTest(name = "{0} s={1} d={2}")
  @CsvSource({
    "ghost-resnet20, 2, 3",
    "ghost-resnet20, 3, 5",
    "ghostnet-small, 2, 3",
    "ghostnet-small, 3, 5"
  })
  void trainingPassMatchesLogitsAndRunningStatistics(String model, int ratio, int dwKernel)
      throws IOException {
    Map<String, ReferenceOutputsTest.Summary> expected = reference(model, ratio, dwKernel, "train");
    try (NDManager manager = NDManager.newBaseManager()) {
      Network network = filled(model, ratio, dwKernel, manager);
      NDList out =
          TestNetworks.forward(manager, network.block(), ReferenceOutputsTest.input(manager), true);
      ReferenceOutputsTest.assertMatches(
          model + " training logits", network.logits(out), expected.get("logits"));
      ReferenceOutputsTest.assertMatches(
          model + " first batch norm's running mean",
          statistic(network, Parameter.Type.RUNNING_MEAN, false),
          expected.get("first-bn-running-mean"));
      ReferenceOutputsTest.assertMatches(
          model + " last batch norm's running variance",
          statistic(network, Parameter.Type.RUNNING_VAR, true),
          expected.get("last-bn-running-var"));
    }
  }
}
