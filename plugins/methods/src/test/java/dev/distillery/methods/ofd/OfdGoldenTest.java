package dev.distillery.methods.ofd;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
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
 * The ofd loss and its gradients with respect to every student feature and every connector's
 * convolution weight, γ and β match clovaai/overhaul-distillation's CIFAR-100 {@code Distiller}
 * (margins from the teacher's batch norm, connectors in training mode, scaled by 1/B/1000) on the
 * cases of {@code golden/ofd.json}, within {@link Closeness}. The stand-in teacher's feature points
 * map to batch norms holding the golden γ/β; the connectors the method creates get the golden
 * weights before the comparison. The figures of each case are printed.
 */
public class OfdGoldenTest {

  private static final String FEATURE = "student_feat_";
  private static final String TEACHER = "teacher_feat_";
  private static final String TEACHER_BN = "teacher_bn_";

  @Test
  void lossAndGradientsMatchTheReference() throws Exception {
    GoldenFile golden = GoldenFile.load("ofd");
    assertThat(golden.method()).isEqualTo("ofd");
    assertThat(golden.cases()).hasSizeGreaterThanOrEqualTo(4);
    List<String> problems = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      for (GoldenFile.Case goldenCase : golden.cases()) {
        try (NDManager scope = manager.newSubManager()) {
          OfdOptions options = OptionsMapper.bind(goldenCase.options(), OfdOptions.class);
          Map<String, NDArray> student = goldenCase.arrays(FEATURE, scope);
          Map<String, NDArray> teacher = goldenCase.arrays(TEACHER, scope);
          Network studentNetwork = FeatureTestNetworks.of("student", student);
          Network plainTeacher = FeatureTestNetworks.of("teacher", teacher);
          Map<String, BatchNorm> norms = new LinkedHashMap<>();
          for (String point : teacher.keySet()) {
            norms.put(
                point,
                batchNorm(
                    scope,
                    goldenCase.input(TEACHER_BN + point + "_weight"),
                    goldenCase.input(TEACHER_BN + point + "_bias")));
          }
          Network teacherNetwork =
              new Network(
                  plainTeacher.architecture(),
                  plainTeacher.block(),
                  plainTeacher.input(),
                  plainTeacher.featurePoints(),
                  0,
                  norms);
          OfdLoss loss =
              (OfdLoss)
                  new OfdMethod()
                      .create(options, new MethodSetup(teacherNetwork, studentNetwork, scope));
          assertThat(loss.name()).isEqualTo("ofd");
          assertThat(loss.trainableBlocks()).containsExactlyElementsOf(loss.connectors());
          for (int i = 0; i < loss.connectors().size(); i++) {
            OfdConnector connector = loss.connectors().get(i);
            String prefix = "student_connector" + i + "_";
            load(connector.convWeight(), goldenCase.input(prefix + "weight"));
            load(connector.normGamma(), goldenCase.input(prefix + "gamma"));
            load(connector.normBeta(), goldenCase.input(prefix + "beta"));
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
          for (int i = 0; i < loss.connectors().size(); i++) {
            OfdConnector connector = loss.connectors().get(i);
            String prefix = "student_connector" + i + "_";
            gradients.put(prefix + "weight", connector.convWeight().getArray().getGradient());
            gradients.put(prefix + "gamma", connector.normGamma().getArray().getGradient());
            gradients.put(prefix + "beta", connector.normBeta().getArray().getGradient());
          }
          assertThat(gradients.keySet())
              .as(goldenCase.name())
              .containsExactlyInAnyOrderElementsOf(goldenCase.gradients().keySet());

          problems.addAll(goldenCase.compare("ofd", value, gradients));
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  /** A teacher batch norm holding the golden γ (weight) and β (bias). */
  private static BatchNorm batchNorm(
      NDManager manager, GoldenFile.Tensor gamma, GoldenFile.Tensor beta) {
    BatchNorm norm = BatchNorm.builder().build();
    norm.initialize(manager, DataType.FLOAT32, new Shape(1, gamma.shape()[0], 1, 1));
    load(norm.getParameters().get("gamma"), gamma);
    load(norm.getParameters().get("beta"), beta);
    return norm;
  }

  private static void load(Parameter parameter, GoldenFile.Tensor tensor) {
    assertThat(parameter.getArray().getShape().getShape()).isEqualTo(tensor.shape());
    parameter.getArray().set(tensor.data());
  }
}
