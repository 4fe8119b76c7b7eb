package dev.distillery.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.pipeline.PipelineLoader;
import dev.distillery.pipeline.PipelineSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rebuilding a method plugin's jar with other code changes the key of the stage whose losses use it
 * (and of the stages that need that one), not the keys of stages that don't use it; rebuilding it
 * from the same code (as on another machine of a cluster) keeps every key.
 */
class PluginDigestStageKeyTest {

  private static final String PIPELINE =
      """
      pipeline: digests
      dataset: {name: synthetic}
      stages:
        teacher: {uses: train, with: {model: lenet5}}
        with-acme:
          uses: distill
          needs: teacher
          with: {teacher: teacher, methods: [{uses: acme, with: {}}]}
        with-kd:
          uses: distill
          needs: teacher
          with: {teacher: teacher, methods: [{uses: kd}]}
        report: {uses: evaluate, needs: [with-acme]}
      """;

  private static Map<String, String> keys(Path directory, String build, String code)
      throws Exception {
    Path plugins = Files.createDirectories(directory.resolve(build));
    PluginJar.build(
        plugins,
        "acme-methods.jar",
        Map.of("acme.AcmeLoss", TestPluginSources.method("AcmeLoss", "acme", code)),
        "dev.distillery.spi.MethodPlugin",
        List.of("acme.AcmeLoss"));
    PluginRegistry registry =
        PluginRegistry.discover(
            PluginClassLoaders.forDirectories(
                List.of(plugins), PluginDigestStageKeyTest.class.getClassLoader()));
    PipelineSpec spec = new PipelineLoader(registry).parse(PIPELINE, "digests.yaml");
    Map<String, String> keys = new LinkedHashMap<>();
    spec.stages().forEach((id, stage) -> keys.put(id, stage.key()));
    return keys;
  }

  @Test
  void aChangedMethodJarChangesTheKeysOfTheStagesThatUseIt(@TempDir Path directory)
      throws Exception {
    Map<String, String> before = keys(directory, "first", "");
    Map<String, String> rebuilt = keys(directory, "again", "");
    Map<String, String> changed =
        keys(directory, "changed", "public double scale() { return 2.0; }");

    assertThat(rebuilt).isEqualTo(before);
    assertThat(changed.get("with-acme")).isNotEqualTo(before.get("with-acme"));
    assertThat(changed.get("report")).isNotEqualTo(before.get("report"));
    assertThat(changed.get("teacher")).isEqualTo(before.get("teacher"));
    assertThat(changed.get("with-kd")).isEqualTo(before.get("with-kd"));
  }
}
