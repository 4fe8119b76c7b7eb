package dev.distillery.methods.mgd;

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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The mgd loss on one training batch (its first, so the matching and margins come from that batch)
 * and its gradient with respect to the student features match KaiyuYue/mgd's {@code MGDistiller} /
 * {@code SMDistiller} on the cases of {@code golden/mgd.json}, within {@link Closeness}; the chosen
 * matching equals the reference solver's and the margins are close to {@code get_margin_from_BN}'s
 * (on the teacher's golden batch norm; for the case without one, on the batch's channel mean and
 * deviation). The connectors get the golden BatchNorm weights; random drop gets the golden picks.
 */
public class MgdGoldenTest {

  @Test
  void lossGradientMatchingAndMarginsMatchTheReference() throws Exception {
    GoldenFile golden = GoldenFile.load("mgd");
    assertThat(golden.method()).isEqualTo("mgd");
    assertThat(golden.cases()).hasSizeGreaterThanOrEqualTo(6);
    MgdMethod method = new MgdMethod();
    List<String> problems = new ArrayList<>();

    try (NDManager manager = NDManager.newBaseManager()) {
      for (GoldenFile.Case goldenCase : golden.cases()) {
        try (NDManager scope = manager.newSubManager()) {
          MgdOptions options = OptionsMapper.bind(goldenCase.options(), MgdOptions.class);
          Map<String, NDArray> student = new LinkedHashMap<>();
          Map<String, NDArray> teacher = new LinkedHashMap<>();
          for (String point : options.studentFeatures()) {
            student.put(point, goldenCase.input("student_" + point).toNDArray(scope));
          }
          for (String point : options.teacherFeatures()) {
            teacher.put(point, goldenCase.input("teacher_" + point).toNDArray(scope));
          }
          Network studentNetwork = FeatureTestNetworks.of("student", student);
          Network plainTeacher = FeatureTestNetworks.of("teacher", teacher);
          Map<String, BatchNorm> norms = new LinkedHashMap<>();
          for (String point : teacher.keySet()) {
            if (goldenCase.inputs().containsKey("teacher_bn_" + point + "_weight")) {
              norms.put(
                  point,
                  teacherBatchNorm(
                      scope,
                      goldenCase.input("teacher_bn_" + point + "_weight"),
                      goldenCase.input("teacher_bn_" + point + "_bias")));
            }
          }
          Network teacherNetwork =
              new Network(
                  plainTeacher.architecture(),
                  plainTeacher.block(),
                  plainTeacher.input(),
                  plainTeacher.featurePoints(),
                  0,
                  norms);
          MgdLoss loss =
              (MgdLoss)
                  method.create(options, new MethodSetup(teacherNetwork, studentNetwork, scope));
          assertThat(loss.trainableBlocks()).hasSize(options.studentFeatures().size());
          for (int i = 0; i < options.studentFeatures().size(); i++) {
            String point = options.studentFeatures().get(i);
            load(
                loss.connectors().get(i),
                "gamma",
                goldenCase.input("connector_" + point + "_gamma"));
            load(
                loss.connectors().get(i), "beta", goldenCase.input("connector_" + point + "_beta"));
          }
          loss.useRandomDrop(goldenPicks(goldenCase, options));
          student.values().forEach(array -> array.setRequiresGradient(true));

          float value =
              goldenCase.backward(
                  () ->
                      loss.compute(
                          FeatureTestNetworks.batch(
                              studentNetwork, student, teacherNetwork, teacher)));
          assertThat(loss.solves()).as(goldenCase.name()).isEqualTo(1);

          Map<String, NDArray> gradients = new LinkedHashMap<>();
          student.forEach((point, array) -> gradients.put("student_" + point, array.getGradient()));
          problems.addAll(goldenCase.compare("mgd", value, gradients));
          for (int i = 0; i < options.studentFeatures().size(); i++) {
            String point = options.studentFeatures().get(i);
            String matching = Arrays.deepToString(loss.matching(i));
            String expected =
                Arrays.deepToString(matching(goldenCase.input("expected_matching_" + point)));
            System.out.printf("    matching %s%n", matching);
            if (!matching.equals(expected)) {
              problems.add(
                  goldenCase.name() + " matching " + point + ": " + matching + " vs " + expected);
            }
            String teacherPoint = options.teacherFeatures().get(i);
            Closeness margins =
                Closeness.GOLDEN.compare(
                    toFloats(loss.teacherMargins(i)),
                    goldenCase.input("expected_margins_" + teacherPoint).data());
            System.out.printf("    margins  %s%n", margins);
            if (!margins.close()) {
              problems.add(goldenCase.name() + " margins " + teacherPoint + ": " + margins);
            }
          }
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  private static MgdLoss.RandomDrop goldenPicks(GoldenFile.Case goldenCase, MgdOptions options) {
    return new MgdLoss.RandomDrop() {
      @Override
      public NDArray teacherPicks(NDManager manager, int pair, Shape shape, long groups) {
        return picks(manager, "rd_teacher_picks_", pair, shape);
      }

      @Override
      public NDArray marginPicks(NDManager manager, int pair, Shape shape, long groups) {
        return picks(manager, "rd_margin_picks_", pair, shape);
      }

      private NDArray picks(NDManager manager, String prefix, int pair, Shape shape) {
        GoldenFile.Tensor tensor = goldenCase.input(prefix + options.studentFeatures().get(pair));
        assertThat(tensor.shape()).isEqualTo(shape.getShape());
        long[] values = new long[tensor.data().length];
        for (int i = 0; i < values.length; i++) {
          values[i] = (long) tensor.data()[i];
        }
        return manager.create(values, shape);
      }
    };
  }

  private static int[][] matching(GoldenFile.Tensor tensor) {
    int rows = (int) tensor.shape()[0];
    int columns = (int) tensor.shape()[1];
    int[][] matching = new int[rows][columns];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        matching[r][c] = (int) tensor.data()[r * columns + c];
      }
    }
    return matching;
  }

  private static float[] toFloats(double[] values) {
    float[] floats = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      floats[i] = (float) values[i];
    }
    return floats;
  }

  /** A teacher batch norm holding the golden γ (weight) and β (bias). */
  private static BatchNorm teacherBatchNorm(
      NDManager manager, GoldenFile.Tensor gamma, GoldenFile.Tensor beta) {
    BatchNorm norm = BatchNorm.builder().build();
    norm.initialize(manager, DataType.FLOAT32, new Shape(1, gamma.shape()[0], 1, 1));
    load(norm, "gamma", gamma);
    load(norm, "beta", beta);
    return norm;
  }

  private static void load(BatchNorm block, String name, GoldenFile.Tensor tensor) {
    Parameter parameter = block.getParameters().get(name);
    assertThat(parameter).as(name).isNotNull();
    assertThat(parameter.getArray().getShape().getShape()).as(name).isEqualTo(tensor.shape());
    parameter.getArray().set(tensor.data());
  }
}
