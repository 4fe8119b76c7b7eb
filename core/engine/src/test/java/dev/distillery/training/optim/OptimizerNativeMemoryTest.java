package dev.distillery.training.optim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * 200 optimizer steps leave the number of native arrays held by the optimizer's manager and by the
 * model's manager (which includes the optimizer's) unchanged: every temporary of a step, gradient
 * wrappers included, is freed with the step's sub-manager.
 */
class OptimizerNativeMemoryTest {

  @Test
  void stepsDoNotAccumulateArrays() {
    try (LinearProblem problem = new LinearProblem();
        SgdOptimizer sgd = new SgdOptimizer(problem.parameters(), 0.9, true, 5e-4);
        AdamOptimizer adam = new AdamOptimizer(problem.parameters(), 0.9, 0.999, 1e-8, 1e-2)) {
      problem.steps(sgd, 0.01);
      problem.steps(adam, 0.001);
      int sgdArrays = sgd.manager().getManagedArrays().size();
      int adamArrays = adam.manager().getManagedArrays().size();
      int modelArrays = problem.manager.getManagedArrays().size();

      for (int i = 0; i < 100; i++) {
        problem.steps(sgd, 0.01);
        problem.steps(adam, 0.001);
      }

      assertThat(sgdArrays).isEqualTo(2); // one momentum buffer per parameter
      assertThat(adamArrays).isEqualTo(4); // two moments per parameter
      assertThat(sgd.manager().getManagedArrays()).hasSize(sgdArrays);
      assertThat(adam.manager().getManagedArrays()).hasSize(adamArrays);
      assertThat(problem.manager.getManagedArrays()).hasSize(modelArrays);
    }
  }
}
