package dev.distillery.methods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.options.OptionsMapper;
import org.junit.jupiter.api.Test;

/** {@code kd} options: default temperature, bad values and unknown keys rejected. */
class KdOptionsTest {

  @Test
  void theDefaultTemperatureIsRepDistillersFour() throws Exception {
    assertThat(OptionsMapper.bind(null, KdOptions.class).temperature()).isEqualTo(4.0);
    assertThat(new KdMethod().defaultWeight()).isEqualTo(0.9);
  }

  @Test
  void aTemperatureThatIsNotPositiveIsRejectedWithTheValue() {
    var node = OptionsMapper.mapper().createObjectNode().put("temperature", 0);
    assertThatThrownBy(() -> OptionsMapper.bind(node, KdOptions.class))
        .rootCause()
        .hasMessageContaining("temperature must be a finite number > 0")
        .hasMessageContaining("0.0");
  }

  @Test
  void anUnknownOptionIsRejected() {
    var node = OptionsMapper.mapper().createObjectNode().put("tempreature", 4);
    assertThatThrownBy(() -> OptionsMapper.bind(node, KdOptions.class))
        .hasMessageContaining("tempreature");
  }
}
