package dev.distillery.methods.ab;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.Network;
import dev.distillery.testkit.Closeness;
import dev.distillery.testkit.FeatureTestNetworks;
import dev.distillery.testkit.GoldenFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ab loss and its gradients with respect to every student feature and every connector's
 * convolution weight match RepDistiller's {@code ABLoss} on its {@code Connector} (summed over
 * pairs, connectors in training mode) on the cases of {@code golden/ab.json}, within {@link
 * Closeness}. The connectors the method creates get the golden weights, biases and BatchNorm γ/β
 * before the comparison; pairs of equal shapes have none, as in the reference. The figures of each
 * case are printed.
 */
public class AbGoldenTest {

  private static final String FEATURE = "student_feat_";
  private static final String TEACHER = "teacher_feat_";

  @Test
  void lossAndGradientsMatchTheReference() throws Exception {
    GoldenFile golden = GoldenFile.load("ab");
    assertThat(golden.method()).isEqualTo("ab");
    assertThat(golden.cases()).hasSizeGreaterThanOrEqualTo(5);
    List<String> problems = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      for (GoldenFile.Case goldenCase : golden.cases()) {
        try (NDManager scope = manager.newSubManager()) {
          AbOptions options = OptionsMapper.bind(goldenCase.options(), AbOptions.class);
          Map<String, NDArray> student = goldenCase.arrays(FEATURE, scope);
          Map<String, NDArray> teacher = goldenCase.arrays(TEACHER, scope);
          Network studentNetwork = FeatureTestNetworks.of("student", student);
          Network teacherNetwork = FeatureTestNetworks.of("teacher", teacher);
          AbLoss loss =
              (AbLoss)
                  new AbMethod()
                      .create(options, new MethodSetup(teacherNetwork, studentNetwork, scope));
          Map<String, NDArray> gradients = new LinkedHashMap<>();
          for (int i = 0; i < loss.connectors().size(); i++) {
            AbConnector connector = loss.connectors().get(i);
            String prefix = "student_connector" + i + "_";
            boolean hasWeights = goldenCase.inputs().containsKey(prefix + "weight");
            assertThat(connector != null)
                .as(goldenCase.name() + " connector " + i)
                .isEqualTo(hasWeights);
            if (connector != null) {
              load(connector.convWeight(), goldenCase.input(prefix + "weight"));
              load(connector.convBias(), goldenCase.input(prefix + "bias"));
              load(connector.normGamma(), goldenCase.input(prefix + "gamma"));
              load(connector.normBeta(), goldenCase.input(prefix + "beta"));
            }
          }
          student.values().forEach(array -> array.setRequiresGradient(true));

          float value =
              goldenCase.backward(
                  () ->
                      loss.compute(
                          FeatureTestNetworks.batch(
                              studentNetwork, student, teacherNetwork, teacher)));
          student.forEach((point, array) -> gradients.put(FEATURE + point, array.getGradient()));
          for (int i = 0; i < loss.connectors().size(); i++) {
            AbConnector connector = loss.connectors().get(i);
            if (connector != null) {
              gradients.put(
                  "student_connector" + i + "_weight",
                  connector.convWeight().getArray().getGradient());
            }
          }

          problems.addAll(goldenCase.compare("ab", value, gradients));
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  private static void load(Parameter parameter, GoldenFile.Tensor tensor) {
    assertThat(parameter.getArray().getShape().getShape()).isEqualTo(tensor.shape());
    parameter.getArray().set(tensor.data());
  }
}
