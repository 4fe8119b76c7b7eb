package dev.distillery.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.spi.DatasetPlugin;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** ServiceLoader finds the three datasets with their ids and options types. */
class DatasetDiscoveryTest {

  @Test
  void findsEveryDataset() {
    var plugins =
        ServiceLoader.load(DatasetPlugin.class).stream()
            .map(ServiceLoader.Provider::get)
            .collect(Collectors.toMap(DatasetPlugin::id, p -> (DatasetPlugin<?>) p));

    assertThat(plugins).containsOnlyKeys("fashion-mnist", "mnist", "synthetic", "image-folder");
    assertThat(plugins.get("fashion-mnist").optionsType()).isEqualTo(IdxDatasetOptions.class);
    assertThat(plugins.get("mnist").optionsType()).isEqualTo(IdxDatasetOptions.class);
    assertThat(plugins.get("synthetic").optionsType()).isEqualTo(SyntheticOptions.class);
    assertThat(plugins.get("image-folder").optionsType())
        .isEqualTo(dev.distillery.datasets.folder.ImageFolderOptions.class);
    assertThat(plugins.values()).allSatisfy(p -> assertThat(p.description()).isNotBlank());
  }
}
