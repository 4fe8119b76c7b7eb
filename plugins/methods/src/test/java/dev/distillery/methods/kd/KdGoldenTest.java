package dev.distillery.methods.kd;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.MethodSetup;
import dev.distillery.testkit.Closeness;
import dev.distillery.testkit.GoldenFile;
import dev.distillery.testkit.ScalarLossGolden;
import dev.distillery.testkit.TestNetworks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The kd loss and its gradient with respect to the student logits match RepDistiller's {@code
 * DistillKL} on the cases of {@code golden/kd.json} (made by {@code make_golden.py}): every value
 * within {@code |actual − expected| <= 1e-4·|expected| + 1e-6·max|expected|} (see {@link
 * Closeness}); the figures of each case are printed.
 */
public class KdGoldenTest {

  @Test
  void lossAndGradientMatchTheReference() throws Exception {
    GoldenFile golden = GoldenFile.load("kd");
    assertThat(golden.method()).isEqualTo("kd");
    assertThat(golden.cases()).hasSizeGreaterThanOrEqualTo(5);
    KdMethod method = new KdMethod();
    List<String> problems = new ArrayList<>();

    try (NDManager manager = NDManager.newBaseManager()) {
      for (GoldenFile.Case goldenCase : golden.cases()) {
        try (NDManager scope = manager.newSubManager()) {
          KdOptions options = OptionsMapper.bind(goldenCase.options(), KdOptions.class);
          NDArray student = goldenCase.input("student_logits").toNDArray(scope);
          NDArray teacher = goldenCase.input("teacher_logits").toNDArray(scope);
          int classes = (int) student.getShape().get(1);
          DistillationLoss loss =
              method.create(
                  options,
                  new MethodSetup(
                      TestNetworks.logitsOnly("teacher", classes),
                      TestNetworks.logitsOnly("student", classes),
                      scope));
          student.setRequiresGradient(true);

          ScalarLossGolden.check(
              "kd",
              goldenCase,
              student,
              "student_logits",
              () -> loss.compute(TestNetworks.logitsBatch(student, teacher)),
              problems);
        }
      }
    }
    assertThat(problems).isEmpty();
  }
}
