package dev.distillery.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A stage that needs itself is reported at that need. */
class SelfNeedTest {

  @Test
  void reportsTheSelfNeed() {
    assertThat(
            TestPipelines.problems(
                """
                pipeline: self
                dataset: {name: synthetic}
                stages:
                  report: {uses: evaluate, needs: [report]}
                """))
        .containsExactly(
            "p.yaml:4:36: stage 'report' needs itself; remove 'report' from its needs");
  }
}
