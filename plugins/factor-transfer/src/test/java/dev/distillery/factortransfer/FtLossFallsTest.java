package dev.distillery.factortransfer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/**
 * Plain gradient-descent steps on the translator's parameters, as the translator trains with the
 * student, towards the factor a fixed paraphraser gives of a post-ReLU teacher feature bring the ft
 * loss under 80% of its start, for both variants; the teacher feature and the frozen paraphraser
 * receive no gradient.
 */
public class FtLossFallsTest {

  private static final int STEPS = 15;
  private static final float LR = 3f;

  @Test
  void gradientStepsOnTheTranslatorReduceTheLoss() {
    for (String variant : FtOptions.VARIANTS) {
      try (NDManager manager = NDManager.newBaseManager()) {
        manager.getEngine().setRandomSeed(1802);
        NDArray student = manager.randomNormal(new Shape(4, 4, 4, 4));
        NDArray teacher = manager.randomNormal(new Shape(4, 8, 4, 4)).maximum(0f);
        teacher.setRequiresGradient(true);
        FtOptions options = new FtOptions(null, null, null, null, variant, false);
        Paraphraser paraphraser = new Paraphraser(8, 4, false);
        paraphraser.initialize(manager, DataType.FLOAT32, teacher.getShape());
        paraphraser.freezeParameters(true);
        FactorTranslator translator = new FactorTranslator(4, 4, false);
        translator.initialize(manager, DataType.FLOAT32, student.getShape());
        FtLoss loss = new FtLoss(options, translator, paraphraser);

        float first = Float.NaN;
        float last = Float.NaN;
        for (int step = 0; step <= STEPS; step++) {
          try (NDManager scope = manager.newSubManager()) {
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
              NDArray value = loss.compute(student, teacher, true);
              last = value.getFloat();
              if (step == 0) {
                first = last;
              }
              if (step < STEPS) {
                collector.backward(value);
              }
            }
            if (step < STEPS) {
              for (Parameter parameter : translator.getParameters().values()) {
                NDArray array = parameter.getArray();
                array.subi(array.getGradient().mul(LR));
              }
            }
          }
        }

        System.out.printf("ft (%s) loss %.5f -> %.5f%n", variant, first, last);
        assertThat(first).isPositive();
        assertThat(last).as(variant).isLessThan(0.8f * first);
        assertThat(teacher.getGradient().abs().sum().getFloat()).isZero();
        assertThat(
                paraphraser.getParameters().values().stream()
                    .noneMatch(p -> p.getArray().hasGradient()))
            .isTrue();
      }
    }
  }
}
