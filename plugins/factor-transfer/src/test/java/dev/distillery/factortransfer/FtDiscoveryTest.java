package dev.distillery.factortransfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.StagePlugin;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The module's jar brings the whole of Factor Transfer: the ft method and its paraphraser stage.
 */
public class FtDiscoveryTest {

  @Test
  void serviceLoaderFindsTheMethodAndTheStage() {
    List<String> methods = new ArrayList<>();
    ServiceLoader.load(MethodPlugin.class).forEach(m -> methods.add(m.id()));
    List<String> stages = new ArrayList<>();
    ServiceLoader.load(StagePlugin.class).forEach(s -> stages.add(s.id()));
    assertThat(methods).contains("ft");
    assertThat(stages).contains("pretrain-paraphraser");
    MethodPlugin<?> ft = new FtMethod();
    assertThat(ft.optionsType()).isEqualTo(FtOptions.class);
    assertThat(ft.description()).contains("pretrain-paraphraser");
  }
}
