package dev.distillery.methods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.methods.kd.KdMethod;
import dev.distillery.spi.DataFreeRecipePlugin;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.Plugin;
import dev.distillery.testkit.PluginReadme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The module's README has, for every method and data-free recipe this module registers, exactly one
 * section {@code ## <id>: <title>} whose options table lists exactly the keys of the plugin's
 * options record (as {@code OptionsMapper} binds them), and no such section for another id.
 */
public class MethodsReadmeTest {

  @Test
  void everyPluginHasOneSectionWhoseTableListsItsOptions() throws Exception {
    List<Plugin<?>> plugins =
        PluginReadme.pluginsOfModule(
            KdMethod.class, MethodPlugin.class, DataFreeRecipePlugin.class);
    assertThat(plugins.stream().map(Plugin::id))
        .containsExactlyInAnyOrder(
            "kd", "at", "sp", "nst", "pkt", "rkd", "dkd", "cc", "fitnet", "fsp", "vid", "ab", "ofd",
            "mgd", "crd", "dafl", "dfad");
    String readme = Files.readString(Path.of("README.md"));
    List<String> problems = PluginReadme.problems(readme, plugins);
    assertThat(problems).as(String.join("\n", problems)).isEmpty();
  }
}
