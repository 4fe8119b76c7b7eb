package dev.distillery.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A bad value that comes from defaults is reported where defaults gives it. */
class DefaultsProblemLocationTest {

  @Test
  void pointsIntoDefaults() {
    assertThat(
            TestPipelines.problems(
                """
                pipeline: defaults
                dataset: {name: synthetic}
                defaults:
                  train: {epochs: five, epoch: 3}
                  distill:
                    methods:
                      - uses: kd
                        with: {temp: 2}
                stages:
                  teacher: {uses: train, with: {model: lenet5}}
                  student: {uses: distill, needs: teacher, with: {teacher: teacher}}
                """))
        .containsExactly(
            "p.yaml:4:19: defaults.train.epochs: expected an integer, got 'five'",
            "p.yaml:4:25: unknown option 'epoch' for stage plugin 'train'; known options:"
                + " batch-size, epochs, lr, model",
            // found only when the distill stage binds its methods' options
            "p.yaml:8:16: unknown option 'temp' for 'methods[0].with' of stage 'student'; known"
                + " options: temperature");
  }
}
