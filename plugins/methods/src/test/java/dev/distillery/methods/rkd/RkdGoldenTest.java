package dev.distillery.methods.rkd;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.MethodSetup;
import dev.distillery.testkit.Closeness;
import dev.distillery.testkit.FeatureTestBatches;
import dev.distillery.testkit.GoldenFile;
import dev.distillery.testkit.ScalarLossGolden;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rkd loss and its gradient with respect to the student feature match RepDistiller's {@code
 * RKDLoss} on the cases of {@code golden/rkd.json} (made by {@code make_golden.py}), within {@link
 * Closeness}; student and teacher features of different sizes, spatial features and weights other
 * than 25/50 included. The figures of each case are printed.
 */
public class RkdGoldenTest {

  @Test
  void lossAndGradientMatchTheReference() throws Exception {
    GoldenFile golden = GoldenFile.load("rkd");
    assertThat(golden.method()).isEqualTo("rkd");
    assertThat(golden.cases()).hasSizeGreaterThanOrEqualTo(5);
    RkdMethod method = new RkdMethod();
    List<String> problems = new ArrayList<>();

    try (NDManager manager = NDManager.newBaseManager()) {
      for (GoldenFile.Case goldenCase : golden.cases()) {
        try (NDManager scope = manager.newSubManager()) {
          RkdOptions options = OptionsMapper.bind(goldenCase.options(), RkdOptions.class);
          NDArray student = goldenCase.input("student_feature").toNDArray(scope);
          NDArray teacher = goldenCase.input("teacher_feature").toNDArray(scope);
          DistillationLoss loss =
              method.create(
                  options,
                  new MethodSetup(
                      FeatureTestBatches.network(
                          "teacher", options.teacherFeature(), teacher.getShape().slice(1)),
                      FeatureTestBatches.network(
                          "student", options.studentFeature(), student.getShape().slice(1)),
                      scope));
          student.setRequiresGradient(true);

          ScalarLossGolden.check(
              "rkd",
              goldenCase,
              student,
              "student_feature",
              () ->
                  loss.compute(
                      FeatureTestBatches.batch(options.studentFeature(), student, teacher)),
              problems);
        }
      }
    }
    assertThat(problems).isEmpty();
  }
}
