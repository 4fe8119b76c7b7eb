package dev.distillery.training.optim;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Frozen parameters, and parameters no backward pass reached (PyTorch: {@code grad is None}), are
 * left alone, even with momentum and weight decay; the others train.
 */
class FrozenParameterTest {

  @Test
  void skipsFrozenAndUnreachedParameters() {
    try (LinearProblem problem = new LinearProblem()) {
      problem.bias.freeze(true);
      Linear unused = Linear.builder().setUnits(2).build();
      unused.initialize(problem.manager, DataType.FLOAT32, new Shape(1, 4));
      Parameter unusedWeight = unused.getParameters().get("weight");
      List<Parameter> parameters = new ArrayList<>(problem.parameters());
      parameters.add(unusedWeight);
      float[] weightBefore = problem.weightValues();
      float[] biasBefore = problem.biasValues();
      float[] unusedBefore = unusedWeight.getArray().toFloatArray();

      try (Optimizer optimizer = new SgdOptimizer(parameters, 0.9, false, 0.1)) {
        problem.steps(optimizer, 0.1, 0.1, 0.1);
      }

      assertThat(problem.weightValues()).isNotEqualTo(weightBefore);
      assertThat(problem.biasValues()).containsExactly(biasBefore);
      assertThat(unusedWeight.getArray().toFloatArray()).containsExactly(unusedBefore);
    }
  }
}
