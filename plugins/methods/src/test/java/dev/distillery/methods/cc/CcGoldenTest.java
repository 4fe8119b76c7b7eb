package dev.distillery.methods.cc;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.MethodSetup;
import dev.distillery.testkit.Closeness;
import dev.distillery.testkit.FeatureTestBatches;
import dev.distillery.testkit.GoldenFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cc loss and its gradients with respect to the student feature and the student embedding's
 * weight match RepDistiller's {@code Correlation} on {@code LinearEmbed} (or {@code Embed}, with
 * l2-normalize) connectors on the cases of {@code golden/cc.json}, within {@link Closeness}. The
 * connectors the method creates get the golden weights and biases before the comparison. The
 * figures of each case are printed.
 */
public class CcGoldenTest {

  @Test
  void lossAndGradientsMatchTheReference() throws Exception {
    GoldenFile golden = GoldenFile.load("cc");
    assertThat(golden.method()).isEqualTo("cc");
    assertThat(golden.cases()).hasSizeGreaterThanOrEqualTo(5);
    CcMethod method = new CcMethod();
    List<String> problems = new ArrayList<>();

    try (NDManager manager = NDManager.newBaseManager()) {
      for (GoldenFile.Case goldenCase : golden.cases()) {
        try (NDManager scope = manager.newSubManager()) {
          CcOptions options = OptionsMapper.bind(goldenCase.options(), CcOptions.class);
          NDArray student = goldenCase.input("student_feature").toNDArray(scope);
          NDArray teacher = goldenCase.input("teacher_feature").toNDArray(scope);
          CcLoss loss =
              (CcLoss)
                  method.create(
                      options,
                      new MethodSetup(
                          FeatureTestBatches.network(
                              "teacher", options.teacherFeature(), teacher.getShape().slice(1)),
                          FeatureTestBatches.network(
                              "student", options.studentFeature(), student.getShape().slice(1)),
                          scope));
          assertThat(loss.trainableBlocks()).hasSize(2);
          Parameter studentWeight = parameter(loss.studentEmbedding(), "weight");
          load(studentWeight, goldenCase.input("student_embed_weight"));
          load(parameter(loss.studentEmbedding(), "bias"), goldenCase.input("student_embed_bias"));
          load(
              parameter(loss.teacherEmbedding(), "weight"),
              goldenCase.input("teacher_embed_weight"));
          load(parameter(loss.teacherEmbedding(), "bias"), goldenCase.input("teacher_embed_bias"));
          student.setRequiresGradient(true);

          float value =
              goldenCase.backward(
                  () ->
                      loss.compute(
                          FeatureTestBatches.batch(options.studentFeature(), student, teacher)));

          problems.addAll(
              goldenCase.compare(
                  "cc",
                  value,
                  Map.of(
                      "student_feature",
                      student.getGradient(),
                      "student_embed_weight",
                      studentWeight.getArray().getGradient())));
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  private static Parameter parameter(Block block, String name) {
    Parameter parameter = block.getParameters().get(name);
    assertThat(parameter).as(name).isNotNull();
    return parameter;
  }

  private static void load(Parameter parameter, GoldenFile.Tensor tensor) {
    assertThat(parameter.getArray().getShape().getShape()).isEqualTo(tensor.shape());
    parameter.getArray().set(tensor.data());
  }
}
