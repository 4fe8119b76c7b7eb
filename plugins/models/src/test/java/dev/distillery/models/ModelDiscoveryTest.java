package dev.distillery.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.spi.ModelPlugin;
import dev.distillery.spi.NoOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * All model plugins are found by ServiceLoader and describe themselves; the classifier zoo takes no
 * options, the Ghost models their ratio and depthwise kernel, the DCGAN discriminator (a GAN
 * stage's two-class model) its width and batch norm, the models loaded from files (TorchScript,
 * ONNX) their file and output names; only those are not trainable.
 */
class ModelDiscoveryTest {

  @Test
  void serviceLoaderFindsEveryModelOnce() {
    List<String> ids = new ArrayList<>();
    for (ModelPlugin<?> plugin : ServiceLoader.load(ModelPlugin.class)) {
      ids.add(plugin.id());
      Class<?> options = NoOptions.class;
      if (plugin.id().equals("dcgan-discriminator")) {
        options = DcganDiscriminatorPlugin.Options.class;
      } else if (TestNetworks.GHOST_IDS.contains(plugin.id())) {
        options = GhostOptions.class;
      } else if (FileTeachers.IDS.contains(plugin.id())) {
        options = FileModelOptions.class;
      }
      assertThat(plugin.trainable())
          .as(plugin.id())
          .isEqualTo(!FileTeachers.IDS.contains(plugin.id()));
      assertThat(plugin.optionsType()).as(plugin.id()).isEqualTo(options);
      assertThat(plugin.description()).isNotBlank();
    }
    List<String> expected = new ArrayList<>(TestNetworks.IDS);
    expected.add("dcgan-discriminator");
    expected.addAll(FileTeachers.IDS);
    assertThat(ids).containsExactlyInAnyOrderElementsOf(expected);
  }
}
