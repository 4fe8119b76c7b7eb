package dev.distillery.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Problems found after loading (preflight) are placed where the option was written: in the stage's
 * own options, in {@code defaults:}, or at the stage's key when no option is named.
 */
class LaterProblemLocationTest {

  @Test
  void pointsAtTheOptionWhereverItWasWritten() {
    PipelineSpec pipeline =
        TestPipelines.parse(
            """
            pipeline: later
            dataset: {name: synthetic}
            defaults:
              distill:
                methods:
                  - uses: kd
            stages:
              teacher: {uses: train, with: {model: lenet5}}
              own:
                uses: distill
                needs: teacher
                with:
                  teacher: teacher
                  methods: [{uses: kd}, {uses: kd, with: {temperature: 2}}]
              inherited: {uses: distill, needs: teacher, with: {teacher: teacher}}
            """);
    ProblemLocator locator = pipeline.locator();

    assertThat(locator.locate("own", "/methods/1", "m").toString()).isEqualTo("p.yaml:14:29: m");
    assertThat(locator.locate("inherited", "/methods/0", "m").toString())
        .isEqualTo("p.yaml:6:9: m");
    assertThat(locator.locate("own", "", "m").toString()).isEqualTo("p.yaml:9:3: m");
    assertThat(locator.locate("no-such-stage", "", "m").toString()).isEqualTo("p.yaml:1:1: m");
  }
}
