package dev.distillery.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A value the options record rejects in its constructor is reported at the stage's options. */
class InvalidOptionValueTest {

  @Test
  void reportsTheRecordsMessage() {
    assertThat(
            TestPipelines.problems(
                """
                pipeline: values
                dataset: {name: synthetic}
                stages:
                  t:
                    uses: train
                    with: {model: lenet5, epochs: 0}
                """))
        .containsExactly(
            "p.yaml:6:5: invalid options for stage plugin 'train': epochs must be at least 1, got 0");
  }

  @Test
  void reportsAnIntegerTooLargeForTheOption() {
    assertThat(
            TestPipelines.problems(
                """
                pipeline: values
                dataset: {name: synthetic}
                stages:
                  t:
                    uses: train
                    with: {model: lenet5, batch-size: 3000000000}
                """))
        .containsExactly(
            "p.yaml:6:39: stages.t.with.batch-size: expected a value <= 2147483647, got"
                + " 3000000000");
  }
}
