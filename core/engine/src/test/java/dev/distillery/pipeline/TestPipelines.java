package dev.distillery.pipeline;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.plugin.PluginRegistry;
import java.util.List;

/** The fake plugins of this package (registered in test resources) and helpers for tests. */
final class TestPipelines {

  static final String SOURCE = "p.yaml";

  private static final PluginRegistry REGISTRY =
      PluginRegistry.discover(TestPipelines.class.getClassLoader());
  private static final PipelineLoader LOADER = new PipelineLoader(REGISTRY);

  private TestPipelines() {}

  static PluginRegistry registry() {
    return REGISTRY;
  }

  static PipelineLoader loader() {
    return LOADER;
  }

  static PipelineSpec parse(String yaml) {
    return LOADER.parse(yaml, SOURCE);
  }

  /** The problems of a pipeline that must fail, each as {@code file:line:col: message}. */
  static List<String> problems(String yaml) {
    PipelineValidationException[] caught = new PipelineValidationException[1];
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOfSatisfying(PipelineValidationException.class, e -> caught[0] = e);
    return caught[0].problems().stream().map(PipelineProblem::toString).toList();
  }
}
