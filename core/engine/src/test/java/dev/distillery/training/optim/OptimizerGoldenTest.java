package dev.distillery.training.optim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.training.Golden;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Five steps of our SGD and Adam on the golden linear problem, with a learning rate that changes
 * between steps, end at torch.optim's parameters within a relative error of 1e-4 (relative to
 * max(|expected|, 1e-3)).
 */
class OptimizerGoldenTest {

  @ParameterizedTest
  @ValueSource(strings = {"sgd-plain", "sgd-momentum-wd", "sgd-nesterov-wd", "adam", "adam-wd"})
  void matchesPyTorch(String name) {
    JsonNode golden = Golden.optim().get("linear");
    JsonNode config = golden.get("optimizers").get(name);
    try (LinearProblem problem = new LinearProblem();
        Optimizer optimizer = create(config, problem)) {
      problem.steps(optimizer, Golden.doubles(golden.get("lrs")));

      double weightError =
          Golden.maxRelativeError(
              problem.weightValues(), Golden.floats(config.get("after").get("weight")));
      double biasError =
          Golden.maxRelativeError(
              problem.biasValues(), Golden.floats(config.get("after").get("bias")));
      System.out.printf(
          "golden %s: max relative error weight %.3g, bias %.3g%n", name, weightError, biasError);
      assertThat(weightError).isLessThan(1e-4);
      assertThat(biasError).isLessThan(1e-4);
    }
  }

  private static Optimizer create(JsonNode config, LinearProblem problem) {
    if (config.get("kind").asText().equals("sgd")) {
      return new SgdOptimizer(
          problem.parameters(),
          config.get("momentum").asDouble(),
          config.get("nesterov").asBoolean(),
          config.get("weight_decay").asDouble());
    }
    return new AdamOptimizer(
        problem.parameters(),
        config.get("beta1").asDouble(),
        config.get("beta2").asDouble(),
        config.get("eps").asDouble(),
        config.get("weight_decay").asDouble());
  }
}
