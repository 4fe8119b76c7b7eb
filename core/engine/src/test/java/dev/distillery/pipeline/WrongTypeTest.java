package dev.distillery.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Values of the wrong type or out of range show the value and what is allowed. */
class WrongTypeTest {

  @Test
  void reportsTheValueAndTheExpectedType() {
    assertThat(
            TestPipelines.problems(
                """
                pipeline: Quick Start
                seed: abc
                device: tpu
                dataset:
                  name: synthetic
                  validation: 0.7
                stages:
                  t:
                    uses: train
                    needs: 3
                    with: {model: lenet5, epochs: many}
                  u: {uses: train, with: []}
                """))
        .containsExactly(
            "p.yaml:1:11: pipeline: 'Quick Start' does not match ^[a-z0-9][a-z0-9-]*$ (The"
                + " pipeline name: lowercase letters, digits and dashes; names the run"
                + " directory.)",
            "p.yaml:2:7: seed: expected an integer, got 'abc'",
            "p.yaml:3:9: device: 'tpu' is not allowed; expected one of: auto, cpu, gpu",
            "p.yaml:6:15: dataset.validation: expected a value <= 0.5, got 0.7",
            "p.yaml:10:12: stages.t.needs: expected a string or a list, got 3",
            "p.yaml:11:35: stages.t.with.epochs: expected an integer, got 'many'",
            "p.yaml:12:26: stages.u.with: expected a mapping, got a list");
  }

  @Test
  void hintsAtQuotesAndEmptyBlocks() {
    assertThat(
            TestPipelines.problems(
                """
                pipeline: 2024
                dataset: {name: synthetic}
                stages:
                  t:
                    uses: evaluate
                    with:
                """))
        .containsExactly(
            "p.yaml:1:11: pipeline: expected a string, got 2024; put it in quotes to make it"
                + " text: \"2024\"",
            "p.yaml:6:10: stages.t.with: expected a mapping, got an empty value; write {} for no"
                + " options or remove the key");
  }

  @Test
  void reportsABadStageId() {
    assertThat(
            TestPipelines.problems(
                """
                pipeline: ids
                dataset: {name: synthetic}
                stages:
                  Teacher: {uses: evaluate}
                """))
        .containsExactly(
            "p.yaml:4:3: stage id 'Teacher' is not allowed; use lowercase letters, digits and"
                + " dashes, starting with a letter (^[a-z][a-z0-9-]*$)");
  }
}
