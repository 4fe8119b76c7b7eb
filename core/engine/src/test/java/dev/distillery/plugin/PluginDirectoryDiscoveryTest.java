package dev.distillery.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.spi.UserException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Third-party plugin jars dropped in a plugin directory are found by ServiceLoader. */
class PluginDirectoryDiscoveryTest {

  private static String method(String className, String id) {
    return """
        package acme;

        import dev.distillery.spi.*;

        public final class %s implements MethodPlugin<NoOptions> {
          public String id() { return "%s"; }
          public String description() { return "a third-party method"; }
          public Class<NoOptions> optionsType() { return NoOptions.class; }
          public DistillationLoss create(NoOptions options, MethodSetup setup) {
            throw new IllegalStateException("not used in this test");
          }
        }
        """
        .formatted(className, id);
  }

  @Test
  void aPluginJarInThePluginDirectoryIsDiscovered(@TempDir Path directory) throws Exception {
    Path plugins = Files.createDirectory(directory.resolve("plugins"));
    PluginJar.build(
        plugins,
        "acme-methods.jar",
        Map.of("acme.AcmeLoss", method("AcmeLoss", "acme-loss")),
        "dev.distillery.spi.MethodPlugin",
        List.of("acme.AcmeLoss"));

    ClassLoader loader =
        PluginClassLoaders.forDirectories(List.of(plugins), getClass().getClassLoader());
    PluginRegistry registry = PluginRegistry.discover(loader);

    assertThat(registry.method("acme-loss")).isPresent();
    assertThat(registry.method("acme-loss").get().description()).isEqualTo("a third-party method");
    assertThat(registry.problems()).isEmpty();
  }

  @Test
  void twoPluginsWithOneIdAreRejectedNamingBoth(@TempDir Path directory) throws Exception {
    Path plugins = Files.createDirectory(directory.resolve("plugins"));
    PluginJar.build(
        plugins,
        "first.jar",
        Map.of("acme.First", method("First", "same-id")),
        "dev.distillery.spi.MethodPlugin",
        List.of("acme.First"));
    PluginJar.build(
        plugins,
        "second.jar",
        Map.of("acme.Second", method("Second", "same-id")),
        "dev.distillery.spi.MethodPlugin",
        List.of("acme.Second"));
    ClassLoader loader =
        PluginClassLoaders.forDirectories(List.of(plugins), getClass().getClassLoader());

    assertThatThrownBy(() -> PluginRegistry.discover(loader))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("'same-id'")
        .hasMessageContaining("acme.First")
        .hasMessageContaining("acme.Second");
  }

  @Test
  void aBrokenProviderIsReportedAndOthersStillLoad(@TempDir Path directory) throws Exception {
    Path plugins = Files.createDirectory(directory.resolve("plugins"));
    PluginJar.build(
        plugins,
        "mixed.jar",
        Map.of("acme.Good", method("Good", "good-one")),
        "dev.distillery.spi.MethodPlugin",
        List.of("acme.Missing", "acme.Good"));
    ClassLoader loader =
        PluginClassLoaders.forDirectories(List.of(plugins), getClass().getClassLoader());

    PluginRegistry registry = PluginRegistry.discover(loader);

    assertThat(registry.method("good-one")).isPresent();
    assertThat(registry.problems()).anyMatch(p -> p.contains("acme.Missing"));
  }

  @Test
  void anUnknownIdNamesTheAvailableOnes(@TempDir Path directory) throws Exception {
    Path plugins = Files.createDirectory(directory.resolve("plugins"));
    PluginJar.build(
        plugins,
        "acme.jar",
        Map.of("acme.AcmeLoss", method("AcmeLoss", "acme-loss")),
        "dev.distillery.spi.MethodPlugin",
        List.of("acme.AcmeLoss"));
    PluginRegistry registry =
        PluginRegistry.discover(
            PluginClassLoaders.forDirectories(List.of(plugins), getClass().getClassLoader()));

    assertThatThrownBy(() -> registry.require(PluginRegistry.Kind.METHOD, "acme-los"))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("unknown distillation method 'acme-los'")
        .hasMessageContaining("acme-loss");
  }

  @Test
  void aMissingPluginDirectoryIsAClearError(@TempDir Path directory) {
    Path missing = directory.resolve("nope");
    assertThatThrownBy(
            () -> PluginClassLoaders.forDirectories(List.of(missing), getClass().getClassLoader()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("--plugin-dir");
  }
}
