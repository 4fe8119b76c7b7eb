package dev.distillery.methods.mgd;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.distillery.spi.MethodSetup;
import dev.distillery.testkit.FeatureTestBatches;
import dev.distillery.testkit.FeatureTestNetworks;
import dev.distillery.testkit.SgdSteps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A few plain gradient-descent steps on a trainable student feature (8 × 4 × 4 × 4), through the
 * method's BatchNorm connector, towards a fixed teacher feature (8 × 8 × 4 × 4) bring the mgd loss
 * (amp, loss factor 1) under 85% of its start, for each reducer; the teacher gets no gradient.
 */
public class MgdLossFallsTest {

  @Test
  void gradientStepsReduceTheLoss() {
    for (String reducer : List.of("amp", "sm", "rd")) {
      try (NDManager manager = NDManager.newBaseManager()) {
        manager.getEngine().setRandomSeed(2008);
        NDArray student = manager.randomNormal(new Shape(8, 4, 4, 4));
        NDArray teacher = manager.randomNormal(new Shape(8, 8, 4, 4)).mul(2f).add(0.5f);
        teacher.setRequiresGradient(true);
        MgdOptions options =
            new MgdOptions(List.of("layer2.pre"), List.of("layer2.pre"), reducer, null, null, 1.0);
        MgdLoss loss =
            (MgdLoss)
                new MgdMethod()
                    .create(
                        options,
                        new MethodSetup(
                            FeatureTestNetworks.withFeatures(
                                "teacher", Map.of("layer2.pre", new Shape(8, 4, 4))),
                            FeatureTestNetworks.withFeatures(
                                "student", Map.of("layer2.pre", new Shape(4, 4, 4))),
                            manager));

        SgdSteps.Result result =
            SgdSteps.run(
                student,
                20,
                0.5f,
                s -> loss.compute(FeatureTestBatches.batch("layer2.pre", s, teacher)));

        System.out.printf("mgd %s loss %.5f -> %.5f%n", reducer, result.first(), result.last());
        assertThat(result.first()).as(reducer).isPositive();
        assertThat(result.last()).as(reducer).isLessThan(0.85f * result.first());
        assertThat(teacher.getGradient().abs().sum().getFloat()).as(reducer).isZero();
      }
    }
  }
}
