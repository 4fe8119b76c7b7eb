package dev.distillery.methods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.methods.kd.KdMethod;
import dev.distillery.methods.vid.VidOptions;
import dev.distillery.spi.DataFreeRecipePlugin;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.Plugin;
import dev.distillery.testkit.PluginReadme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README check of {@link MethodsReadmeTest} catches the mistakes it is there for, each with a
 * message naming the method: a missing or an extra option row, a section under an unknown id, a
 * method's text split over two sections, and a section without its table. Option names come from
 * the options record through the mapper's kebab-case naming.
 */
public class MethodsReadmeMistakesTest {

  private static final List<Plugin<?>> PLUGINS =
      PluginReadme.pluginsOfModule(KdMethod.class, MethodPlugin.class, DataFreeRecipePlugin.class);

  private static String readme() throws Exception {
    return Files.readString(Path.of("README.md"));
  }

  @Test
  void optionKeysAreTheKebabCaseRecordComponents() {
    assertThat(PluginReadme.optionKeys(VidOptions.class))
        .containsExactly("student-features", "teacher-features", "init-pred-var");
  }

  @Test
  void aMissingAndAnExtraOptionRowAreNamed() throws Exception {
    String broken =
        readme()
            .replace(
                "| `init-pred-var` | number > 1e-5 | 5.0 |",
                "| `init-variance` | number > 1e-5 | 5.0 |");
    assertThat(broken).isNotEqualTo(readme());
    assertThat(PluginReadme.problems(broken, PLUGINS))
        .singleElement()
        .asString()
        .startsWith("vid (VidMethod): the options table of its section")
        .contains("misses [init-pred-var]")
        .contains("lists [init-variance], which VidOptions does not bind");
  }

  @Test
  void anUnknownIdASplitSectionAndAMissingTableAreNamed() throws Exception {
    String broken =
        readme()
                .replace("## nst: neuron selectivity", "## nsd: neuron selectivity")
                .replace(
                    "| key | type | default | meaning |\n|---|---|---|---|\n| `temperature`",
                    "| name | type | default | meaning |\n|---|---|---|---|\n| `temperature`")
            + "\n## sp: more text\n";
    List<String> problems = PluginReadme.problems(broken, PLUGINS);
    assertThat(problems)
        .anySatisfy(p -> assertThat(p).startsWith("section '## nsd: neuron selectivity"))
        .anySatisfy(p -> assertThat(p).startsWith("nst (NstMethod) has no section '## nst: "))
        .anySatisfy(p -> assertThat(p).startsWith("sp (SpMethod) has 2 sections"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("kd (KdMethod): its section")
                    .contains("has no options table")
                    .contains("KdOptions binds [temperature]"));
  }
}
