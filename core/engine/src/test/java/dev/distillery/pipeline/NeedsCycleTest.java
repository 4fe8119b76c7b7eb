package dev.distillery.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Stages that need each other are reported once per cycle, showing the cycle. */
class NeedsCycleTest {

  @Test
  void showsTheCycle() {
    assertThat(
            TestPipelines.problems(
                """
                pipeline: cycle
                dataset: {name: synthetic}
                stages:
                  a: {uses: evaluate, needs: c}
                  b: {uses: evaluate, needs: [a]}
                  c: {uses: evaluate, needs: [b]}
                  d: {uses: evaluate, needs: [e]}
                  e: {uses: evaluate, needs: [d]}
                  f: {uses: evaluate, needs: [a]}
                """))
        .containsExactly(
            "p.yaml:4:30: stages need each other in a cycle: a -> c -> b -> a (each arrow reads"
                + " 'needs'); remove one of these needs",
            "p.yaml:7:31: stages need each other in a cycle: d -> e -> d (each arrow reads"
                + " 'needs'); remove one of these needs");
  }
}
