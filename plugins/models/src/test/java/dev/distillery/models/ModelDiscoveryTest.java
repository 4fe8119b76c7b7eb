package dev.distillery.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.spi.ModelPlugin;
import dev.distillery.spi.NoOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** All model plugins are found by ServiceLoader, take no options and describe themselves. */
class ModelDiscoveryTest {

  @Test
  void serviceLoaderFindsEveryModelOnce() {
    List<String> ids = new ArrayList<>();
    for (ModelPlugin<?> plugin : ServiceLoader.load(ModelPlugin.class)) {
      ids.add(plugin.id());
      assertThat(plugin.optionsType()).isEqualTo(NoOptions.class);
      assertThat(plugin.description()).isNotBlank();
    }
    assertThat(ids).containsExactlyInAnyOrderElementsOf(TestNetworks.IDS);
  }
}
