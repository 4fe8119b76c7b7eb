package dev.distillery.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Missing required keys are reported at the mapping that lacks them. */
class MissingKeyTest {

  @Test
  void reportsEachMissingKey() {
    assertThat(
            TestPipelines.problems(
                """
                # no name
                dataset:
                  limit: 5
                stages:
                  t:
                    with: {model: lenet5}
                """))
        .containsExactlyInAnyOrder(
            "p.yaml:2:1: missing required key 'pipeline' (The pipeline name: lowercase letters,"
                + " digits and dashes; names the run directory.)",
            "p.yaml:2:1: missing required key 'name' in dataset (The dataset plugin.)",
            "p.yaml:5:3: missing required key 'uses' in stages.t (The stage plugin that runs this"
                + " stage.)");
  }
}
