package dev.distillery.training.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/**
 * On DJL's PyTorch engine gradients accumulate across backward passes, also across gradient
 * collectors; {@link Optimizer#step} and {@link Optimizer#zeroGradients} zero them, and a step
 * inside an open collector is refused with a clear message.
 */
class GradientZeroingTest {

  @Test
  void stepZeroesAccumulatedGradients() {
    try (LinearProblem problem = new LinearProblem();
        Optimizer optimizer = new SgdOptimizer(problem.parameters(), 0.9, false, 0)) {
      problem.backward();
      float[] once = gradient(problem);
      problem.backward();
      float[] twice = gradient(problem);
      for (int i = 0; i < once.length; i++) {
        assertThat(twice[i]).isEqualTo(2 * once[i]);
      }
      assertThat(once).isNotEqualTo(new float[once.length]);

      optimizer.zeroGradients();
      assertThat(gradient(problem)).containsOnly(0f);

      problem.backward();
      optimizer.step(0.1);
      assertThat(gradient(problem)).containsOnly(0f);

      problem.backward();
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        assertThatThrownBy(() -> optimizer.step(0.1))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("close the collector");
      }
    }
  }

  private static float[] gradient(LinearProblem problem) {
    try (NDArray gradient = problem.weight.getArray().getGradient()) {
      return gradient.toFloatArray();
    }
  }
}
