package dev.distillery.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.pipeline.PipelineLoader;
import dev.distillery.pipeline.PipelineValidationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin whose options type can't be bound at all (here an interface) is reported as a pipeline
 * problem naming the plugin, its jar and the reason, without a stack trace.
 */
class UnbindableOptionsTypeTest {

  private static final String STAGE =
      """
      package acme;

      import dev.distillery.spi.*;

      public final class OddStage implements StagePlugin<OddStage.Settings> {
        public interface Settings { int level(); }
        public String id() { return "odd"; }
        public String description() { return "a stage with unbindable options"; }
        public Class<Settings> optionsType() { return Settings.class; }
        public StageResult run(Settings options, StageContext context) {
          throw new IllegalStateException("not used in this test");
        }
      }
      """;

  @Test
  void thePluginItsJarAndTheReasonAreNamed(@TempDir Path directory) throws Exception {
    Path plugins = Files.createDirectories(directory.resolve("plugins"));
    PluginJar.build(
        plugins,
        "odd-stage.jar",
        Map.of("acme.OddStage", STAGE),
        "dev.distillery.spi.StagePlugin",
        List.of("acme.OddStage"));
    PluginRegistry registry =
        PluginRegistry.discover(
            PluginClassLoaders.forDirectories(
                List.of(plugins), UnbindableOptionsTypeTest.class.getClassLoader()));
    PipelineLoader loader = new PipelineLoader(registry);

    assertThatThrownBy(
            () ->
                loader.parse(
                    """
                    pipeline: odd
                    dataset: {name: synthetic}
                    stages:
                      strange: {uses: odd}
                    """,
                    "odd.yaml"))
        .isInstanceOfSatisfying(
            PipelineValidationException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .asString()
                    .startsWith("odd.yaml:4:")
                    .contains("stage plugin 'odd' (from odd-stage.jar) cannot take options")
                    .contains("acme.OddStage$Settings cannot be bound")
                    .contains("abstract types")
                    .contains("must be a record")
                    .doesNotContain("\tat "));
  }
}
