package dev.distillery.methods.dkd;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.DistillationBatch;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.Network;
import dev.distillery.spi.TrainingStep;
import dev.distillery.testkit.Closeness;
import dev.distillery.testkit.GoldenFile;
import dev.distillery.testkit.ScalarLossGolden;
import dev.distillery.testkit.TestNetworks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dkd loss (with its warm-up factor) and its gradient with respect to the student logits match
 * mdistiller's {@code DKD.forward_train} loss_kd on the cases of {@code golden/dkd.json}, within
 * {@link Closeness}. Each case holds mdistiller's 1-based epoch; the batch carries Distillery's
 * 0-based epoch, one less. The figures of each case are printed.
 */
public class DkdGoldenTest {

  @Test
  void lossAndGradientMatchTheReference() throws Exception {
    GoldenFile golden = GoldenFile.load("dkd");
    assertThat(golden.method()).isEqualTo("dkd");
    assertThat(golden.cases()).hasSizeGreaterThanOrEqualTo(5);
    DkdMethod method = new DkdMethod();
    List<String> problems = new ArrayList<>();

    try (NDManager manager = NDManager.newBaseManager()) {
      for (GoldenFile.Case goldenCase : golden.cases()) {
        try (NDManager scope = manager.newSubManager()) {
          DkdOptions options = OptionsMapper.bind(goldenCase.options(), DkdOptions.class);
          NDArray student = goldenCase.input("student_logits").toNDArray(scope);
          NDArray teacher = goldenCase.input("teacher_logits").toNDArray(scope);
          NDArray labels =
              goldenCase.input("labels").toNDArray(scope).toType(DataType.INT32, false);
          int mdistillerEpoch = (int) goldenCase.input("mdistiller_epoch").data()[0];
          int batchSize = (int) student.getShape().get(0);
          int classes = (int) student.getShape().get(1);
          Network teacherNetwork = TestNetworks.logitsOnly("teacher", classes);
          Network studentNetwork = TestNetworks.logitsOnly("student", classes);
          DistillationLoss loss =
              method.create(options, new MethodSetup(teacherNetwork, studentNetwork, scope));
          student.setRequiresGradient(true);
          int[] indices = new int[batchSize];
          Arrays.setAll(indices, i -> i);
          TrainingStep step = new TrainingStep(mdistillerEpoch - 1, 240, indices);

          ScalarLossGolden.check(
              "dkd",
              goldenCase,
              student,
              "student_logits",
              () ->
                  loss.compute(
                      new DistillationBatch(
                          studentNetwork,
                          new NDList(student),
                          teacherNetwork,
                          new NDList(teacher),
                          labels,
                          true,
                          step)),
              problems);
        }
      }
    }
    assertThat(problems).isEmpty();
  }
}
