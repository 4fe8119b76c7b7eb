package dev.distillery.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Stage plugins check their options; their errors are located at the option they name. */
class StageValidateTest {

  @Test
  void locatesThePluginsErrors() {
    assertThat(
            TestPipelines.problems(
                """
                pipeline: validate
                dataset: {name: synthetic}
                stages:
                  teacher:
                    uses: train
                    with: {model: resnet}
                  helper: {uses: train}
                  student:
                    uses: distill
                    needs: helper
                    with:
                      teacher: teacher
                      methods:
                        - uses: kd
                          with: {temperature: hot}
                        - uses: fitnet
                """))
        .containsExactly(
            "p.yaml:6:19: option 'model' of stage 'teacher': unknown model 'resnet'; available:"
                + " lenet5, lenet5-half",
            "p.yaml:7:3: option 'model' of stage 'helper': a model is required; add e.g. 'model:"
                + " lenet5'",
            "p.yaml:12:16: option 'teacher' of stage 'student': teacher stage 'teacher' is not"
                + " among the stage's needs [helper]; add it to 'needs'",
            "p.yaml:15:31: option 'temperature' for 'methods[0].with' of stage 'student':"
                + " expected a number, got 'hot'",
            "p.yaml:16:17: option 'methods[1].uses' of stage 'student': unknown method 'fitnet'");
  }
}
