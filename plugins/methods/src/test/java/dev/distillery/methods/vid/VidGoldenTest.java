package dev.distillery.methods.vid;

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
 * The vid loss and its gradients with respect to every student feature, every regressor's first
 * convolution weight and log-scale match RepDistiller's {@code VIDLoss} (summed over pairs) on the
 * cases of {@code golden/vid.json}, within {@link Closeness}. The regressors the method creates get
 * the golden weights and log-scales before the comparison. The figures of each case are printed.
 */
public class VidGoldenTest {

  private static final String FEATURE = "student_feat_";

  @Test
  void lossAndGradientsMatchTheReference() throws Exception {
    GoldenFile golden = GoldenFile.load("vid");
    assertThat(golden.method()).isEqualTo("vid");
    assertThat(golden.cases()).hasSizeGreaterThanOrEqualTo(5);
    List<String> problems = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      for (GoldenFile.Case goldenCase : golden.cases()) {
        try (NDManager scope = manager.newSubManager()) {
          VidOptions options = OptionsMapper.bind(goldenCase.options(), VidOptions.class);
          Map<String, NDArray> student = goldenCase.arrays(FEATURE, scope);
          Map<String, NDArray> teacher = goldenCase.arrays("teacher_feat_", scope);
          Network studentNetwork = FeatureTestNetworks.of("student", student);
          Network teacherNetwork = FeatureTestNetworks.of("teacher", teacher);
          VidLoss loss =
              (VidLoss)
                  new VidMethod()
                      .create(options, new MethodSetup(teacherNetwork, studentNetwork, scope));
          assertThat(loss.trainableBlocks()).hasSize(options.studentFeatures().size());
          for (int i = 0; i < loss.regressors().size(); i++) {
            VidRegressor regressor = loss.regressors().get(i);
            Parameter[] convs = regressor.convWeights();
            for (int k = 0; k < 3; k++) {
              load(convs[k], goldenCase.input("student_regressor" + i + "_conv" + (k + 1)));
            }
            load(regressor.logScale(), goldenCase.input("student_regressor" + i + "_log_scale"));
          }
          student.values().forEach(array -> array.setRequiresGradient(true));

          float value =
              goldenCase.backward(
                  () ->
                      loss.compute(
                          FeatureTestNetworks.batch(
                              studentNetwork, student, teacherNetwork, teacher)));
          Map<String, NDArray> gradients = new LinkedHashMap<>();
          student.forEach((point, array) -> gradients.put(FEATURE + point, array.getGradient()));
          for (int i = 0; i < loss.regressors().size(); i++) {
            VidRegressor regressor = loss.regressors().get(i);
            gradients.put(
                "student_regressor" + i + "_conv1",
                regressor.convWeights()[0].getArray().getGradient());
            gradients.put(
                "student_regressor" + i + "_log_scale",
                regressor.logScale().getArray().getGradient());
          }

          problems.addAll(goldenCase.compare("vid", value, gradients));
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
