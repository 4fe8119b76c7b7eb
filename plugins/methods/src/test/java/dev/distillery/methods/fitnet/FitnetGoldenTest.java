package dev.distillery.methods.fitnet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.MethodSetup;
import dev.distillery.testkit.Closeness;
import dev.distillery.testkit.FeatureTestNetworks;
import dev.distillery.testkit.GoldenFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fitnet loss and its gradient with respect to the student feature match RepDistiller's {@code
 * HintLoss} on {@code ConvReg} (training mode, BatchNorm batch statistics) on the cases of {@code
 * golden/fitnet.json}, within {@link Closeness}. The regressor the method creates gets the golden
 * conv weight/bias and BatchNorm gamma/beta before the comparison. The figures are printed.
 */
public class FitnetGoldenTest {

  @Test
  void lossAndGradientMatchTheReference() throws Exception {
    GoldenFile golden = GoldenFile.load("fitnet");
    assertThat(golden.method()).isEqualTo("fitnet");
    assertThat(golden.cases()).hasSizeGreaterThanOrEqualTo(5);
    FitnetMethod method = new FitnetMethod();
    List<String> problems = new ArrayList<>();

    try (NDManager manager = NDManager.newBaseManager()) {
      for (GoldenFile.Case goldenCase : golden.cases()) {
        try (NDManager scope = manager.newSubManager()) {
          FitnetOptions options = OptionsMapper.bind(goldenCase.options(), FitnetOptions.class);
          NDArray student = goldenCase.input("student_feature").toNDArray(scope);
          NDArray teacher = goldenCase.input("teacher_feature").toNDArray(scope);
          FitnetLoss loss =
              (FitnetLoss)
                  method.create(
                      options,
                      new MethodSetup(
                          FeatureTestNetworks.withFeatures(
                              "teacher",
                              Map.of(options.teacherFeature(), teacher.getShape().slice(1))),
                          FeatureTestNetworks.withFeatures(
                              "student",
                              Map.of(options.studentFeature(), student.getShape().slice(1))),
                          scope));
          assertThat(loss.trainableBlocks()).containsExactly(loss.regressor());
          load(loss.conv(), "weight", goldenCase.input("regressor_conv_weight"));
          load(loss.conv(), "bias", goldenCase.input("regressor_conv_bias"));
          load(loss.batchNorm(), "gamma", goldenCase.input("regressor_bn_weight"));
          load(loss.batchNorm(), "beta", goldenCase.input("regressor_bn_bias"));
          student.setRequiresGradient(true);

          float value =
              goldenCase.backward(
                  () ->
                      loss.compute(
                          FeatureTestNetworks.batch(
                              FeatureTestNetworks.withFeatures(
                                  "student",
                                  Map.of(options.studentFeature(), student.getShape().slice(1))),
                              Map.of(options.studentFeature(), student),
                              FeatureTestNetworks.withFeatures(
                                  "teacher",
                                  Map.of(options.teacherFeature(), teacher.getShape().slice(1))),
                              Map.of(options.teacherFeature(), teacher))));

          problems.addAll(
              goldenCase.compare(
                  "fitnet", value, Map.of("student_feature", student.getGradient())));
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  private static void load(Block block, String name, GoldenFile.Tensor tensor) {
    Parameter parameter = block.getParameters().get(name);
    assertThat(parameter).as(name).isNotNull();
    assertThat(parameter.getArray().getShape().getShape()).as(name).isEqualTo(tensor.shape());
    parameter.getArray().set(tensor.data());
  }
}
