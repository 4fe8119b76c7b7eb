package dev.distillery.methods.crd;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.TrainingStep;
import dev.distillery.testkit.Closeness;
import dev.distillery.testkit.FeatureTestBatches;
import dev.distillery.testkit.GoldenFile;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * crd matches RepDistiller's {@code CRDLoss} with its {@code ContrastMemory} on the cases of {@code
 * golden/crd.json}, step after step from the same embedding weights, memories and contrast rows
 * (passed through an injected {@link ContrastSampler}): the loss of every step, the gradients with
 * respect to each step's student feature and to both embeddings' weights (accumulated over the
 * steps, as without an optimizer step), both memories after the last step's momentum update and the
 * normalisation constants Z fixed by the first step, all within {@link Closeness}.
 */
public class CrdGoldenTest {

  @Test
  void stepsMatchTheReference() throws Exception {
    GoldenFile golden = GoldenFile.load("crd");
    assertThat(golden.method()).isEqualTo("crd");
    assertThat(golden.cases()).hasSizeGreaterThanOrEqualTo(4);
    JsonNode raw;
    try (InputStream in = CrdGoldenTest.class.getResourceAsStream("/golden/crd.json")) {
      raw = OptionsMapper.mapper().readTree(in);
    }
    CrdMethod method = new CrdMethod();
    List<String> problems = new ArrayList<>();

    try (NDManager manager = NDManager.newBaseManager()) {
      for (int c = 0; c < golden.cases().size(); c++) {
        GoldenFile.Case goldenCase = golden.cases().get(c);
        JsonNode outputs = raw.get("cases").get(c).get("outputs");
        assertThat(raw.get("cases").get(c).get("name").asText()).isEqualTo(goldenCase.name());
        try (NDManager scope = manager.newSubManager()) {
          CrdOptions options = OptionsMapper.bind(goldenCase.options(), CrdOptions.class);
          int steps = 0;
          while (goldenCase.inputs().containsKey("step" + steps + "_student_feature")) {
            steps++;
          }
          List<int[]> contrast = new ArrayList<>();
          for (int i = 0; i < steps; i++) {
            contrast.add(ints(goldenCase.input("step" + i + "_contrast_indices")));
          }
          int[] calls = {0};
          ContrastSampler sampler =
              (step, negatives) -> {
                assertThat(negatives).isEqualTo(options.negatives());
                return contrast.get(calls[0]++);
              };
          GoldenFile.Tensor firstStudent = goldenCase.input("step0_student_feature");
          GoldenFile.Tensor firstTeacher = goldenCase.input("step0_teacher_feature");
          CrdLoss loss =
              method.create(
                  options,
                  new MethodSetup(
                      FeatureTestBatches.network(
                          "teacher",
                          options.teacherFeature(),
                          firstTeacher.toNDArray(scope).getShape().slice(1)),
                      FeatureTestBatches.network(
                          "student",
                          options.studentFeature(),
                          firstStudent.toNDArray(scope).getShape().slice(1)),
                      scope,
                      ints(goldenCase.input("training_labels"))),
                  sampler);
          assertThat(loss.trainableBlocks()).hasSize(3);
          Parameter studentWeight = parameter(loss.studentEmbedding(), "weight");
          Parameter teacherWeight = parameter(loss.teacherEmbedding(), "weight");
          load(studentWeight, goldenCase.input("student_embed_weight"));
          load(parameter(loss.studentEmbedding(), "bias"), goldenCase.input("student_embed_bias"));
          load(teacherWeight, goldenCase.input("teacher_embed_weight"));
          load(parameter(loss.teacherEmbedding(), "bias"), goldenCase.input("teacher_embed_bias"));
          load(loss.memory().studentMemory(), goldenCase.input("memory_student"));
          load(loss.memory().teacherMemory(), goldenCase.input("memory_teacher"));
          assertThat(loss.memory().normalizers().getArray().toFloatArray())
              .containsExactly(-1f, -1f);

          for (int i = 0; i < steps; i++) {
            String prefix = "step" + i + "_";
            NDArray student = goldenCase.input(prefix + "student_feature").toNDArray(scope);
            NDArray teacher = goldenCase.input(prefix + "teacher_feature").toNDArray(scope);
            student.setRequiresGradient(true);
            TrainingStep step =
                new TrainingStep(0, 1, ints(goldenCase.input(prefix + "sample_indices")));
            float value =
                goldenCase.backward(
                    () ->
                        loss.compute(
                            FeatureTestBatches.batch(
                                options.studentFeature(), student, teacher, step)));
            check(
                problems,
                goldenCase.name() + " step " + i + " loss",
                new float[] {value},
                new float[] {(float) outputs.get("losses").get("data").get(i).doubleValue()});
            check(
                problems,
                goldenCase.name() + " step " + i + " student feature gradient",
                student.getGradient().toFloatArray(),
                goldenCase.gradient(prefix + "student_feature").data());
            check(
                problems,
                goldenCase.name() + " step " + i + " student embedding weight gradient",
                studentWeight.getArray().getGradient().toFloatArray(),
                goldenCase.gradient(prefix + "student_embed_weight").data());
            check(
                problems,
                goldenCase.name() + " step " + i + " teacher embedding weight gradient",
                teacherWeight.getArray().getGradient().toFloatArray(),
                goldenCase.gradient(prefix + "teacher_embed_weight").data());
          }
          assertThat(goldenCase.loss())
              .isEqualTo((float) outputs.get("losses").get("data").get(0).doubleValue());
          check(
              problems,
              goldenCase.name() + " student memory after",
              loss.memory().studentMemory().getArray().toFloatArray(),
              data(outputs.get("memory_student_after")));
          check(
              problems,
              goldenCase.name() + " teacher memory after",
              loss.memory().teacherMemory().getArray().toFloatArray(),
              data(outputs.get("memory_teacher_after")));
          check(
              problems,
              goldenCase.name() + " normalisation constants Z",
              loss.memory().normalizers().getArray().toFloatArray(),
              data(outputs.get("normalizers")));
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  private static void check(List<String> problems, String what, float[] actual, float[] expected) {
    Closeness closeness = Closeness.GOLDEN.compare(actual, expected);
    System.out.printf("crd %-78s %s%n", what, closeness);
    if (!closeness.close()) {
      problems.add(what + ": " + closeness);
    }
  }

  private static int[] ints(GoldenFile.Tensor tensor) {
    int[] values = new int[tensor.data().length];
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.round(tensor.data()[i]);
    }
    return values;
  }

  private static float[] data(JsonNode tensor) {
    JsonNode values = tensor.get("data");
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) values.get(i).doubleValue();
    }
    return out;
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
