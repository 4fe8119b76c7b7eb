package dev.distillery.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin that fails to link when discovery first calls it (here a class it needs is missing, as
 * when it was built against an API that had it) is reported naming its jar and the likely cause;
 * the other plugins of the jar still load.
 */
class PluginLinkageErrorTest {

  @Test
  void aLinkageErrorNamesTheJarAndTheApiVersion(@TempDir Path directory) throws Exception {
    Path plugins = Files.createDirectories(directory.resolve("plugins"));
    String broken =
        """
        package acme;

        import dev.distillery.spi.*;

        public final class Broken implements MethodPlugin<NoOptions> {
          public String id() { return "broken"; }
          public String description() { return Helper.text(); }
          public Class<NoOptions> optionsType() { return NoOptions.class; }
          public DistillationLoss create(NoOptions options, MethodSetup setup) {
            throw new IllegalStateException("not used in this test");
          }
        }
        """;
    PluginJar.build(
        plugins,
        "linked-wrong.jar",
        Map.of(
            "acme.Broken",
            broken,
            "acme.Helper",
            "package acme; public final class Helper { public static String text() { return \"x\"; } }",
            "acme.Good",
            TestPluginSources.method("Good", "good", "")),
        "dev.distillery.spi.MethodPlugin",
        List.of("acme.Broken", "acme.Good"),
        Map.of(),
        Set.of("acme.Helper"));

    PluginRegistry registry =
        PluginRegistry.discover(
            PluginClassLoaders.forDirectories(
                List.of(plugins), PluginLinkageErrorTest.class.getClassLoader()));

    assertThat(registry.method("good")).isPresent();
    assertThat(registry.method("broken")).isEmpty();
    assertThat(registry.problems())
        .singleElement()
        .asString()
        .contains("acme.Broken")
        .contains("linked-wrong.jar")
        .contains("NoClassDefFoundError")
        .contains("likely built against another Distillery API version")
        .contains("rebuild it against distillery-api");
  }
}
