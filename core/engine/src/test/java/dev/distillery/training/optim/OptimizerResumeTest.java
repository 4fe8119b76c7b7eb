package dev.distillery.training.optim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Three steps, save (optimizer state and parameters), a new model and optimizer, load, two more
 * steps: bitwise the same parameters and optimizer state as five steps straight.
 */
class OptimizerResumeTest {

  private static final double[] LRS = {0.1, 0.1, 0.05, 0.05, 0.02};

  static Stream<Arguments> optimizers() {
    Function<LinearProblem, Optimizer> sgd = p -> new SgdOptimizer(p.parameters(), 0.9, true, 5e-4);
    Function<LinearProblem, Optimizer> adam =
        p -> new AdamOptimizer(p.parameters(), 0.9, 0.999, 1e-8, 1e-2);
    return Stream.of(Arguments.of("sgd", sgd), Arguments.of("adam", adam));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void resumedRunEqualsStraightRun(String name, Function<LinearProblem, Optimizer> factory)
      throws IOException {
    float[] straightWeight;
    float[] straightBias;
    byte[] straightState;
    try (LinearProblem problem = new LinearProblem();
        Optimizer optimizer = factory.apply(problem)) {
      problem.steps(optimizer, LRS);
      straightWeight = problem.weightValues();
      straightBias = problem.biasValues();
      straightState = save(optimizer);
    }

    byte[] checkpointState;
    float[] checkpointWeight;
    float[] checkpointBias;
    try (LinearProblem problem = new LinearProblem();
        Optimizer optimizer = factory.apply(problem)) {
      problem.steps(optimizer, LRS[0], LRS[1], LRS[2]);
      checkpointState = save(optimizer);
      checkpointWeight = problem.weightValues();
      checkpointBias = problem.biasValues();
    }

    try (LinearProblem problem = new LinearProblem();
        Optimizer optimizer = factory.apply(problem)) {
      problem.weight.getArray().set(checkpointWeight);
      problem.bias.getArray().set(checkpointBias);
      optimizer.load(new ByteArrayInputStream(checkpointState));
      problem.steps(optimizer, LRS[3], LRS[4]);

      assertThat(problem.weightValues()).containsExactly(straightWeight);
      assertThat(problem.biasValues()).containsExactly(straightBias);
      assertThat(save(optimizer)).isEqualTo(straightState);
    }
  }

  private static byte[] save(Optimizer optimizer) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    optimizer.save(out);
    return out.toByteArray();
  }
}
