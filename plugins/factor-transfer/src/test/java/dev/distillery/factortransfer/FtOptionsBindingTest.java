package dev.distillery.factortransfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.UserException;
import org.junit.jupiter.api.Test;

/**
 * ft options bind with the authors' defaults (paraphraser stage {@code paraphraser}, layer3 /
 * layer3, p = 1, flattened factor, no BatchNorm; RepDistiller's variant turns BatchNorm on); bad
 * values and unknown keys fail naming the option; the default weight is the authors' β = 500 and
 * the method names the stage it needs.
 */
public class FtOptionsBindingTest {

  private static FtOptions bind(String text) throws Exception {
    JsonNode node = OptionsMapper.mapper().readTree(text);
    return OptionsMapper.bind(node, FtOptions.class);
  }

  @Test
  void defaultsAndGivenValues() throws Exception {
    FtOptions defaults = OptionsMapper.bind(null, FtOptions.class);
    assertThat(defaults).isEqualTo(FtOptions.defaults());
    assertThat(defaults.paraphraser()).isEqualTo("paraphraser");
    assertThat(defaults.studentFeature()).isEqualTo("layer3");
    assertThat(defaults.teacherFeature()).isEqualTo("layer3");
    assertThat(defaults.p()).isEqualTo(1);
    assertThat(defaults.variant()).isEqualTo("authors");
    assertThat(defaults.batchNorm()).isFalse();

    FtOptions repDistiller = bind("{\"variant\": \"repdistiller\", \"p\": 2}");
    assertThat(repDistiller.repDistiller()).isTrue();
    assertThat(repDistiller.batchNorm()).isTrue();
    assertThat(repDistiller.p()).isEqualTo(2);
    assertThat(bind("{\"variant\": \"repdistiller\", \"batch-norm\": false}").batchNorm())
        .isFalse();
    FtOptions given =
        bind(
            "{\"paraphraser\": \"pp\", \"student-feature\": \"conv2\","
                + " \"teacher-feature\": \"conv2\"}");
    assertThat(given.paraphraser()).isEqualTo("pp");
    assertThat(given.studentFeature()).isEqualTo("conv2");

    FtMethod method = new FtMethod();
    assertThat(method.id()).isEqualTo("ft");
    assertThat(method.defaultWeight()).isEqualTo(500.0);
    assertThat(method.stageReferences(given))
        .singleElement()
        .satisfies(
            reference -> {
              assertThat(reference.option()).isEqualTo("paraphraser");
              assertThat(reference.stageId()).isEqualTo("pp");
              assertThat(reference.uses()).isEqualTo("pretrain-paraphraser");
              assertThat(reference.example()).contains("feature-point: conv2");
            });
    assertThat(((MethodPlugin<FtOptions>) method).optionsType()).isEqualTo(FtOptions.class);
  }

  @Test
  void rejectsBadValues() {
    assertThatThrownBy(() -> bind("{\"p\": 3}"))
        .rootCause()
        .isInstanceOf(UserException.class)
        .hasMessageContaining("ft option p is 3");
    assertThatThrownBy(() -> bind("{\"variant\": \"paper\"}"))
        .rootCause()
        .isInstanceOf(UserException.class)
        .hasMessageContaining("ft option variant is 'paper'")
        .hasMessageContaining("[authors, repdistiller]");
    assertThatThrownBy(() -> bind("{\"paraphraser\": \" \"}"))
        .rootCause()
        .isInstanceOf(UserException.class)
        .hasMessageContaining("ft option paraphraser is blank");
    assertThatThrownBy(() -> bind("{\"teacher-feature\": \"\"}"))
        .rootCause()
        .hasMessageContaining("ft option teacher-feature is blank");
    assertThatThrownBy(() -> bind("{\"rate\": 0.5}")).hasMessageContaining("rate");
    assertThatThrownBy(() -> bind("{\"p\": \"one\"}")).hasMessageContaining("one");
  }
}
