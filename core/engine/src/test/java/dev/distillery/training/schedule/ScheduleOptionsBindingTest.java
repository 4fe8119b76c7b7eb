package dev.distillery.training.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.UserException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Schedule options bind by type (cosine without one) with defaults; unknown types and keys fail;
 * missing or bad values are user errors.
 */
class ScheduleOptionsBindingTest {

  private static ScheduleOptions bind(String json) throws Exception {
    return OptionsMapper.bind(OptionsMapper.mapper().readTree(json), ScheduleOptions.class);
  }

  @Test
  void bindsWithDefaults() throws Exception {
    assertThat(bind("{\"type\": \"cosine\"}")).isEqualTo(new ScheduleOptions.Cosine(0.0, 0));
    assertThat(bind("{\"type\": \"step\", \"step-size\": 5}"))
        .isEqualTo(new ScheduleOptions.Step(5, 0.1, 0));
    assertThat(bind("{\"type\": \"multistep\", \"milestones\": [2, 4], \"warmup-epochs\": 1}"))
        .isEqualTo(new ScheduleOptions.MultiStep(List.of(2, 4), 0.1, 1));
    assertThat(bind("{\"type\": \"constant\"}").learningRate(0.1, 3, 5)).isEqualTo(0.1);
    assertThat(OptionsMapper.bind(null, ScheduleOptions.class))
        .isEqualTo(new ScheduleOptions.Cosine(0.0, 0));
    assertThat(bind("{\"warmup-epochs\": 2}")).isEqualTo(new ScheduleOptions.Cosine(0.0, 2));
    assertThat(OptionsMapper.mapper().writeValueAsString(new ScheduleOptions.Step(3, 0.5, 1)))
        .contains("\"type\" : \"step\"")
        .contains("\"step-size\" : 3");
  }

  @Test
  void rejectsMissingAndBadValues() {
    assertThatThrownBy(() -> bind("{\"type\": \"step\"}"))
        .rootCause()
        .isInstanceOf(UserException.class)
        .hasMessageContaining("step-size");
    assertThatThrownBy(() -> bind("{\"type\": \"multistep\", \"milestones\": [5, 2]}"))
        .rootCause()
        .isInstanceOf(UserException.class)
        .hasMessageContaining("[5, 2]");
    assertThatThrownBy(() -> bind("{\"type\": \"cosine\", \"warmup-epochs\": -1}"))
        .rootCause()
        .isInstanceOf(UserException.class)
        .hasMessageContaining("warmup-epochs: -1");
    assertThatThrownBy(() -> bind("{\"type\": \"cosine\", \"t-max\": 10}"))
        .hasMessageContaining("t-max");
    assertThatThrownBy(() -> bind("{\"type\": \"cosin\"}"))
        .hasMessageContaining("'cosin'")
        .hasMessageContaining("[constant, step, multistep, cosine]");
    assertThatThrownBy(() -> new ScheduleOptions.Constant(0).learningRate(0.1, 5, 5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
