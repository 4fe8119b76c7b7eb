package dev.distillery.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.spi.ApiVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin jar built against another API major.minor is refused naming the jar, both versions and
 * the fix; one built against this API loads quietly; one that declares nothing loads with a
 * warning.
 */
class PluginApiVersionTest {

  private static PluginRegistry discover(
      Path directory, String jarName, Map<String, String> manifest) throws Exception {
    Path plugins = Files.createDirectories(directory.resolve("plugins"));
    PluginJar.build(
        plugins,
        jarName,
        Map.of("acme.AcmeLoss", TestPluginSources.method("AcmeLoss", "acme-loss", "")),
        "dev.distillery.spi.MethodPlugin",
        List.of("acme.AcmeLoss"),
        manifest,
        Set.of());
    return PluginRegistry.discover(
        PluginClassLoaders.forDirectories(
            List.of(plugins), PluginApiVersionTest.class.getClassLoader()));
  }

  @Test
  void aJarOfAnotherApiVersionIsRefusedNamingBothVersions(@TempDir Path directory)
      throws Exception {
    PluginRegistry registry =
        discover(directory, "old-methods.jar", Map.of(ApiVersion.MANIFEST_ATTRIBUTE, "99.7.1"));

    assertThat(registry.method("acme-loss")).isEmpty();
    assertThat(registry.problems())
        .singleElement()
        .asString()
        .contains("old-methods.jar")
        .contains("built against distillery-api 99.7.1")
        .contains("runs distillery-api " + ApiVersion.current())
        .contains("rebuild it against distillery-api " + ApiVersion.current());
  }

  @Test
  void aJarOfThisApiVersionLoadsWithoutWarnings(@TempDir Path directory) throws Exception {
    String sameLine = ApiVersion.majorMinor(ApiVersion.current()) + ".99";
    PluginRegistry registry =
        discover(directory, "new-methods.jar", Map.of(ApiVersion.MANIFEST_ATTRIBUTE, sameLine));

    assertThat(registry.method("acme-loss")).isPresent();
    assertThat(registry.problems()).isEmpty();
    assertThat(registry.warnings()).noneMatch(w -> w.contains("new-methods.jar"));
  }

  @Test
  void aJarThatDeclaresNoApiVersionLoadsWithAWarning(@TempDir Path directory) throws Exception {
    PluginRegistry registry = discover(directory, "plain-methods.jar", Map.of());

    assertThat(registry.method("acme-loss")).isPresent();
    assertThat(registry.warnings())
        .filteredOn(w -> w.contains("plain-methods.jar"))
        .singleElement()
        .asString()
        .contains("declares no " + ApiVersion.MANIFEST_ATTRIBUTE)
        .doesNotContain("\n");
  }

  @Test
  void theRunningApiVersionIsKnown() {
    assertThat(ApiVersion.current()).matches("\\d+\\.\\d+.*");
    assertThat(ApiVersion.majorMinor("1.2.3-SNAPSHOT")).isEqualTo("1.2");
    assertThat(ApiVersion.compatible(ApiVersion.current())).isTrue();
  }
}
