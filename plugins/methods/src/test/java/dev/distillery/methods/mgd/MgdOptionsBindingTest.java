package dev.distillery.methods.mgd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.UserException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * mgd options bind with the reference's defaults (pre-ReLU layer1..3, amp, update every 2 epochs,
 * 20000 statistics images, loss factor 1e4); bad values, unknown keys and wrong types fail with
 * messages that name the option; the default weight is 1.
 */
public class MgdOptionsBindingTest {

  private static MgdOptions bind(String text) throws Exception {
    JsonNode node = OptionsMapper.mapper().readTree(text);
    return OptionsMapper.bind(node, MgdOptions.class);
  }

  @Test
  void defaultsAndGivenValues() throws Exception {
    MgdOptions defaults = OptionsMapper.bind(null, MgdOptions.class);
    assertThat(defaults.studentFeatures())
        .containsExactly("layer1.pre", "layer2.pre", "layer3.pre");
    assertThat(defaults.teacherFeatures())
        .containsExactly("layer1.pre", "layer2.pre", "layer3.pre");
    assertThat(defaults.reducer()).isEqualTo("amp");
    assertThat(defaults.updateEvery()).isEqualTo(2);
    assertThat(defaults.statisticsImages()).isEqualTo(20000);
    assertThat(defaults.lossFactor()).isEqualTo(1e4);
    assertThat(bind("{}")).isEqualTo(MgdOptions.defaults());

    MgdOptions given =
        bind(
            "{\"student-features\": [\"conv2.pre\"], \"teacher-features\": [\"conv3.pre\"],"
                + " \"reducer\": \"sm\", \"update-every\": 1, \"statistics-images\": 512,"
                + " \"loss-factor\": 100}");
    assertThat(given.studentFeatures()).isEqualTo(List.of("conv2.pre"));
    assertThat(given.teacherFeatures()).isEqualTo(List.of("conv3.pre"));
    assertThat(MgdOptions.Reducer.of(given.reducer())).isEqualTo(MgdOptions.Reducer.SM);
    assertThat(given.updateEvery()).isEqualTo(1);
    assertThat(given.statisticsImages()).isEqualTo(512);
    assertThat(given.lossFactor()).isEqualTo(100.0);
    assertThat(MgdOptions.Reducer.of(bind("{\"reducer\": \"rd\"}").reducer()))
        .isEqualTo(MgdOptions.Reducer.RD);

    MgdMethod method = new MgdMethod();
    assertThat(method.id()).isEqualTo("mgd");
    assertThat(method.defaultWeight()).isEqualTo(1.0);
    assertThat(method.optionsType()).isEqualTo(MgdOptions.class);
  }

  @Test
  void rejectsBadValues() {
    assertThatThrownBy(() -> bind("{\"reducer\": \"sp\"}"))
        .rootCause()
        .isInstanceOf(UserException.class)
        .hasMessageContaining("mgd option reducer is 'sp'")
        .hasMessageContaining("sm (sparse matching), rd (random drop) or amp");
    assertThatThrownBy(() -> bind("{\"update-every\": 0}"))
        .rootCause()
        .isInstanceOf(UserException.class)
        .hasMessageContaining("mgd option update-every is 0");
    assertThatThrownBy(() -> bind("{\"statistics-images\": -5}"))
        .rootCause()
        .hasMessageContaining("mgd option statistics-images is -5");
    assertThatThrownBy(() -> bind("{\"loss-factor\": 0}"))
        .rootCause()
        .hasMessageContaining("mgd option loss-factor is 0.0");
    assertThatThrownBy(
            () ->
                bind(
                    "{\"student-features\": [\"layer1.pre\"], \"teacher-features\":"
                        + " [\"layer1.pre\", \"layer2.pre\"]}"))
        .rootCause()
        .hasMessageContaining("mgd option student-features [layer1.pre]");
    assertThatThrownBy(() -> bind("{\"student-feature\": \"layer1.pre\"}"))
        .hasMessageContaining("student-feature");
    assertThatThrownBy(() -> bind("{\"update-every\": \"often\"}"))
        .hasMessageContaining("update-every");
  }
}
