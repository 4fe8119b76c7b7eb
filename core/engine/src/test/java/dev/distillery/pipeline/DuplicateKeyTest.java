package dev.distillery.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A key given twice is reported at the second, naming the first. */
class DuplicateKeyTest {

  @Test
  void reportsEveryDuplicate() {
    assertThat(
            TestPipelines.problems(
                """
                pipeline: twice
                seed: 1
                dataset: {name: synthetic}
                seed: 2
                stages:
                  t:
                    uses: train
                    with: {model: lenet5, model: lenet5-half}
                """))
        .containsExactly(
            "p.yaml:4:1: duplicate key 'seed' (first at line 2, column 1); remove one of them",
            "p.yaml:8:27: duplicate key 'model' in stages.t.with (first at line 8, column 12);"
                + " remove one of them");
  }
}
