package dev.distillery.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A need naming no stage is reported at that name, listing the stages. */
class UnknownNeedTest {

  @Test
  void listsTheStageIds() {
    assertThat(
            TestPipelines.problems(
                """
                pipeline: needs
                dataset: {name: synthetic}
                stages:
                  teacher: {uses: train, with: {model: lenet5}}
                  student:
                    uses: train
                    needs: [teacher, teachr]
                    with: {model: lenet5-half}
                  report: {uses: evaluate, needs: studnt}
                """))
        .containsExactly(
            "p.yaml:7:22: stage 'student' needs 'teachr', which is not a stage of this pipeline;"
                + " stages: teacher, student, report",
            "p.yaml:9:35: stage 'report' needs 'studnt', which is not a stage of this pipeline;"
                + " stages: teacher, student, report");
  }
}
