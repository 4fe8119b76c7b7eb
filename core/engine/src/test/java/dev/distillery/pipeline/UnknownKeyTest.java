package dev.distillery.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Unknown keys at the top level, in the dataset and in a stage list the known keys. */
class UnknownKeyTest {

  @Test
  void listsTheKnownKeys() {
    assertThat(
            TestPipelines.problems(
                """
                pipeline: typos
                seeds: 1
                dataset:
                  name: synthetic
                  limt: 10
                stages:
                  t:
                    uses: train
                    need: [a]
                    with: {model: lenet5}
                """))
        .containsExactly(
            "p.yaml:2:1: unknown key 'seeds' at the top level; known keys: dataset, defaults,"
                + " description, device, pipeline, seed, stages",
            "p.yaml:5:3: unknown key 'limt' in dataset; known keys: limit, name, test-limit,"
                + " validation, with",
            "p.yaml:9:5: unknown key 'need' in stages.t; known keys: device, needs, repeats, slots, uses, with");
  }
}
