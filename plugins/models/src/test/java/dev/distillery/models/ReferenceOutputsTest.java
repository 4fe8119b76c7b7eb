package dev.distillery.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With the same parameters and input, every feature point and the logits equal those of the PyTorch
 * references (RepDistiller's resnet.py and wrn.py, DAFL's lenet.py) in inference mode, and a
 * training-mode pass gives the same logits and running statistics. Parameters and input come from a
 * formula shared with {@code src/test/python/reference_outputs.py}, which wrote {@code
 * reference-outputs.csv}.
 */
class ReferenceOutputsTest {

  record Summary(double sum, double l2, double[] first) {

    static Summary parse(String sum, String l2, String first) {
      String[] values = first.split(";");
      double[] parsed = new double[values.length];
      for (int i = 0; i < values.length; i++) {
        parsed[i] = Double.parseDouble(values[i]);
      }
      return new Summary(Double.parseDouble(sum), Double.parseDouble(l2), parsed);
    }
  }

  private static Map<String, Summary> reference(String model, String mode) throws IOException {
    Map<String, Summary> rows = new LinkedHashMap<>();
    try (InputStream in =
        ReferenceOutputsTest.class.getResourceAsStream("/reference-outputs.csv")) {
      for (String line :
          new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).toList()) {
        String[] f = line.split(",");
        if (f[0].equals(model) && f[1].equals(mode)) {
          String[] first = f[5].split(";");
          double[] values = new double[first.length];
          for (int i = 0; i < first.length; i++) {
            values[i] = Double.parseDouble(first[i]);
          }
          rows.put(f[2], new Summary(Double.parseDouble(f[3]), Double.parseDouble(f[4]), values));
        }
      }
    }
    return rows;
  }

  private static Network network(String model) {
    if (model.equals("wrn-10-1")) {
      return WideResNet.network("wrn-10-1", 10, 1, TestNetworks.GRAY_32);
    }
    return TestNetworks.create(model, TestNetworks.GRAY_32);
  }

  /** The formula of reference_outputs.py, tensor by tensor in state_dict order. */
  static void fill(Network network) {
    int j = 0;
    for (Parameter parameter : network.block().getParameters().values()) {
      NDArray array = parameter.getArray();
      Shape shape = array.getShape();
      int n = Math.toIntExact(shape.size());
      float[] values = new float[n];
      for (int k = 0; k < n; k++) {
        double s = Math.sin(1.7 * k + 0.3 * j + 1);
        double v =
            switch (parameter.getType()) {
              case WEIGHT -> s / Math.sqrt((double) n / shape.get(0));
              case GAMMA -> 1 + 0.1 * s;
              case RUNNING_VAR -> 0.75 + 0.25 * s;
              default -> 0.1 * s; // bias, beta, running mean
            };
        values[k] = (float) v;
      }
      array.set(values);
      j++;
    }
  }

  static NDArray input(NDManager manager) {
    float[] x = new float[2 * 32 * 32];
    for (int k = 0; k < x.length; k++) {
      x[k] = (float) Math.sin(0.9 * k + 0.5);
    }
    return manager.create(x, new Shape(2, 1, 32, 32));
  }

  static void assertMatches(String what, NDArray actual, Summary expected) {
    double[] values = toDoubles(actual);
    double sum = 0;
    double squares = 0;
    for (double v : values) {
      sum += v;
      squares += v * v;
    }
    assertThat(Math.sqrt(squares))
        .as("%s L2 norm", what)
        .isCloseTo(expected.l2(), within(1e-4 * expected.l2()));
    assertThat(sum)
        .as("%s sum", what)
        .isCloseTo(expected.sum(), within(1e-4 * (Math.abs(expected.sum()) + expected.l2())));
    for (int i = 0; i < expected.first().length; i++) {
      // float32 rounding: kernels differ by instruction set (AVX2 here, AVX-512 in PyTorch)
      double tolerance = 1e-5 + 2e-5 * Math.abs(expected.first()[i]);
      assertThat(values[i]).as("%s[%d]", what, i).isCloseTo(expected.first()[i], within(tolerance));
    }
  }

  private static double[] toDoubles(NDArray array) {
    float[] floats = array.toFloatArray();
    double[] doubles = new double[floats.length];
    for (int i = 0; i < floats.length; i++) {
      doubles[i] = floats[i];
    }
    return doubles;
  }

  @ParameterizedTest
  @ValueSource(strings = {"lenet5-half", "resnet8", "wrn-10-1"})
  void inferenceFeaturePointsAndLogitsMatch(String model) throws IOException {
    Map<String, Summary> expected = reference(model, "eval");
    try (NDManager manager = NDManager.newBaseManager()) {
      Network network = TestNetworks.initialize(network(model), manager, 1);
      fill(network);
      NDList out = TestNetworks.forward(manager, network.block(), input(manager), false);

      List<String> names = new ArrayList<>(network.featurePoints());
      names.add("logits");
      assertThat(expected.keySet()).containsExactlyElementsOf(names);
      for (int i = 0; i < names.size(); i++) {
        assertMatches(model + " " + names.get(i), out.get(i), expected.get(names.get(i)));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"resnet8", "wrn-10-1"})
  void trainingPassMatchesLogitsAndRunningStatistics(String model) throws IOException {
    Map<String, Summary> expected = reference(model, "train");
    try (NDManager manager = NDManager.newBaseManager()) {
      Network network = TestNetworks.initialize(network(model), manager, 1);
      fill(network);
      NDList out = TestNetworks.forward(manager, network.block(), input(manager), true);
      assertMatches(model + " training logits", network.logits(out), expected.get("logits"));
      NDArray runningMean =
          network.block().getParameters().values().stream()
              .filter(p -> p.getType() == Parameter.Type.RUNNING_MEAN)
              .findFirst()
              .orElseThrow()
              .getArray();
      assertMatches(
          model + " first batch norm's running mean",
          runningMean,
          expected.get("first-bn-running-mean"));
    }
  }
}
