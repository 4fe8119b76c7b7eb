package dev.distillery.training.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.UserException;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/**
 * Optimizer options bind from kebab-case JSON by {@code type}, apply their defaults, reject unknown
 * keys and types, and report bad values as {@link UserException}s naming the option.
 */
class OptimizerOptionsBindingTest {

  private static OptimizerOptions bind(String json) throws Exception {
    JsonNode node = OptionsMapper.mapper().readTree(json);
    return OptionsMapper.bind(node, OptimizerOptions.class);
  }

  @Test
  void bindsTypesWithDefaults() throws Exception {
    assertThat(bind("{\"type\": \"sgd\"}"))
        .isEqualTo(new OptimizerOptions.Sgd(0.05, 0.9, false, 5e-4))
        .isEqualTo(OptimizerOptions.Sgd.defaults());
    assertThat(bind("{\"type\": \"sgd\", \"lr\": 0.1, \"nesterov\": true, \"weight-decay\": 0}"))
        .isEqualTo(new OptimizerOptions.Sgd(0.1, 0.9, true, 0.0));
    assertThat(bind("{\"type\": \"adam\", \"beta2\": 0.99, \"weight-decay\": 0.01}"))
        .isEqualTo(new OptimizerOptions.Adam(1e-3, 0.9, 0.99, 1e-8, 0.01));
    assertThat(bind("{\"type\": \"adam\"}").lr()).isEqualTo(1e-3);
  }

  @Test
  void withoutTypeIsSgd() throws Exception {
    assertThat(OptionsMapper.bind(null, OptimizerOptions.class))
        .isEqualTo(OptimizerOptions.Sgd.defaults());
    assertThat(bind("{\"lr\": 0.1}")).isEqualTo(new OptimizerOptions.Sgd(0.1, 0.9, false, 5e-4));
  }

  @Test
  void writesTheTypeAndKebabCaseNames() throws Exception {
    String json = OptionsMapper.mapper().writeValueAsString(OptimizerOptions.Sgd.defaults());
    assertThat(json).contains("\"type\" : \"sgd\"").contains("\"weight-decay\"");
    assertThat(bind(json)).isEqualTo(OptimizerOptions.Sgd.defaults());
  }

  @Test
  void rejectsUnknownKeysAndTypes() {
    assertThatThrownBy(() -> bind("{\"type\": \"sgd\", \"weight_decay\": 0.1}"))
        .hasMessageContaining("weight_decay");
    assertThatThrownBy(() -> bind("{\"type\": \"rmsprop\"}"))
        .hasMessageContaining("'rmsprop'")
        .hasMessageContaining("sgd")
        .hasMessageContaining("adam");
  }

  @Test
  void reportsBadValuesAsUserErrors() {
    assertThatThrownBy(() -> bind("{\"type\": \"sgd\", \"lr\": -0.1}"))
        .rootCause()
        .isInstanceOf(UserException.class)
        .hasMessageContaining("lr")
        .hasMessageContaining("-0.1");
    assertThatThrownBy(() -> new OptimizerOptions.Adam(null, 1.0, null, null, null))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("beta1")
        .hasMessageContaining("1.0");
    assertThatThrownBy(() -> new OptimizerOptions.Sgd(null, 0.0, true, null))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("nesterov");
  }

  @Test
  void createsTheMatchingOptimizer() {
    try (LinearProblem problem = new LinearProblem()) {
      try (Optimizer sgd = OptimizerOptions.Sgd.defaults().create(problem.parameters())) {
        assertThat(sgd).isInstanceOf(SgdOptimizer.class);
      }
      try (Optimizer adam = OptimizerOptions.Adam.defaults().create(problem.parameters())) {
        assertThat(adam)
            .asInstanceOf(InstanceOfAssertFactories.type(AdamOptimizer.class))
            .extracting(AdamOptimizer::parameters)
            .isEqualTo(problem.parameters());
      }
    }
  }
}
