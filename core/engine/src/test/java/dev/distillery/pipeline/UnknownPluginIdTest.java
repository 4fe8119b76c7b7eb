package dev.distillery.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.plugin.PluginRegistry.Kind;
import org.junit.jupiter.api.Test;

/** Unknown stage and dataset plugin ids are reported as the registry words them. */
class UnknownPluginIdTest {

  @Test
  void listsTheAvailableIds() {
    assertThat(
            TestPipelines.problems(
                """
                pipeline: ids
                dataset: {name: mnist}
                defaults:
                  trian: {epochs: 1}
                stages:
                  t:
                    uses: trian
                """))
        .containsExactly(
            "p.yaml:2:17: " + TestPipelines.registry().unknownIdMessage(Kind.DATASET, "mnist"),
            "p.yaml:4:3: defaults: "
                + TestPipelines.registry().unknownIdMessage(Kind.STAGE, "trian"),
            "p.yaml:7:11: " + TestPipelines.registry().unknownIdMessage(Kind.STAGE, "trian"));
  }

  @Test
  void wordsTheMessageAsTheRegistry() {
    assertThat(TestPipelines.registry().unknownIdMessage(Kind.STAGE, "trian"))
        .isEqualTo(
            "unknown stage 'trian'; available: distill, evaluate, train (add a plugin jar to the"
                + " plugin directory for others)");
  }
}
