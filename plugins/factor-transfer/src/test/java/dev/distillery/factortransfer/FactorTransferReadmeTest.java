package dev.distillery.factortransfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.spi.DataFreeRecipePlugin;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.Plugin;
import dev.distillery.spi.StagePlugin;
import dev.distillery.testkit.PluginReadme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The module's README has one section {@code ## ft: <title>} for its method and one for its {@code
 * pretrain-paraphraser} stage, whose options tables list exactly the keys {@link FtOptions} and
 * {@link PretrainParaphraserOptions} bind, and no section for another method id (the methods
 * module's plugins, on the test class path too, are not this module's).
 */
public class FactorTransferReadmeTest {

  @Test
  void theMethodAndTheStageHaveOneSectionEachWhoseTableListsTheirOptions() throws Exception {
    List<Plugin<?>> plugins =
        PluginReadme.pluginsOfModule(
            FtMethod.class, MethodPlugin.class, DataFreeRecipePlugin.class, StagePlugin.class);
    assertThat(plugins.stream().map(Plugin::id))
        .containsExactlyInAnyOrder("ft", "pretrain-paraphraser");
    List<String> problems = PluginReadme.problems(Files.readString(Path.of("README.md")), plugins);
    assertThat(problems).as(String.join("\n", problems)).isEmpty();
  }
}
