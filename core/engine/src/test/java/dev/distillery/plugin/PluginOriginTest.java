package dev.distillery.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.spi.MethodPlugin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin's origin: the jar it came from, its version and a digest that follows its code (not the
 * jar's timestamps); a plugin from a classes directory says so.
 */
class PluginOriginTest {

  private static MethodPlugin<?> load(Path plugins, String id) {
    ClassLoader loader =
        PluginClassLoaders.forDirectories(
            List.of(plugins), PluginOriginTest.class.getClassLoader());
    return PluginRegistry.discover(loader).method(id).orElseThrow();
  }

  private static Path jar(Path directory, String name, String extra) throws Exception {
    Path plugins = Files.createDirectories(directory.resolve(name));
    PluginJar.build(
        plugins,
        "acme-methods-1.2.3.jar",
        Map.of("acme.AcmeLoss", TestPluginSources.method("AcmeLoss", "acme-loss", extra)),
        "dev.distillery.spi.MethodPlugin",
        List.of("acme.AcmeLoss"),
        Map.of("Implementation-Version", "1.2.3"),
        Set.of());
    return plugins;
  }

  @Test
  void aJarPluginNamesItsJarVersionAndDigest(@TempDir Path directory) throws Exception {
    MethodPlugin<?> plugin = load(jar(directory, "a", ""), "acme-loss");

    PluginOrigin origin = PluginOrigin.of(plugin.getClass());

    assertThat(origin.jar()).isTrue();
    assertThat(origin.displayName()).isEqualTo("acme-methods-1.2.3.jar");
    assertThat(origin.version()).isEqualTo("1.2.3");
    assertThat(origin.describe()).isEqualTo("acme-methods-1.2.3.jar (1.2.3)");
    assertThat(origin.digest()).matches("[0-9a-f]{64}");
  }

  @Test
  void theSameCodeGivesTheSameDigestAndOtherCodeAnother(@TempDir Path directory) throws Exception {
    String first = PluginOrigin.of(load(jar(directory, "a", ""), "acme-loss").getClass()).digest();
    Thread.sleep(1100); // zip entry times have a 2 s resolution; make them differ if they count
    String again = PluginOrigin.of(load(jar(directory, "b", ""), "acme-loss").getClass()).digest();
    String changed =
        PluginOrigin.of(
                load(jar(directory, "c", "public int answer() { return 42; }"), "acme-loss")
                    .getClass())
            .digest();

    assertThat(again).isEqualTo(first);
    assertThat(changed).isNotEqualTo(first);
  }

  @Test
  void aPluginFromAClassesDirectorySaysSo() {
    PluginOrigin origin = PluginOrigin.of(dev.distillery.pipeline.FakeKdMethod.class);

    assertThat(origin.jar()).isFalse();
    assertThat(origin.displayName()).isEqualTo("classes dir");
    assertThat(origin.digest()).matches("[0-9a-f]{64}");
    assertThat(Path.of(origin.location())).isDirectory();
  }
}
