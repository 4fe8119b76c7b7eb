package dev.distillery.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** An option the plugin's record doesn't have is reported at its key with the known options. */
class UnknownOptionTest {

  @Test
  void listsTheKnownOptions() {
    assertThat(
            TestPipelines.problems(
                """
                pipeline: options
                dataset:
                  name: synthetic
                  with: {pad-to: 32, colour: true}
                stages:
                  t:
                    uses: train
                    with:
                      model: lenet5
                      batchSize: 64
                  e: {uses: evaluate, with: {verbose: true}}
                """))
        .containsExactly(
            "p.yaml:4:22: unknown option 'colour' for dataset plugin 'synthetic'; known options:"
                + " pad-to, size",
            "p.yaml:10:7: unknown option 'batchSize' for stage plugin 'train'; known options:"
                + " batch-size, epochs, lr, model",
            "p.yaml:11:30: unknown option 'verbose' for stage plugin 'evaluate'; it takes no"
                + " options");
  }
}
