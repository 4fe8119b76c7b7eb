package dev.distillery.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.spi.UserException;
import org.junit.jupiter.api.Test;

/** Problems of every kind are reported together, in file order, one line each. */
class MultipleProblemsTest {

  private static final String PIPELINE =
      """
      pipeline: many
      seed: abc
      dataset: {name: synthetic}
      stages:
        teacher:
          uses: train
          with: {model: resnet}
        student:
          uses: train
          needs: [teachr]
          with: {model: lenet5, epoch: 3}
      """;

  @Test
  void reportsAllProblemsInOneException() {
    assertThatThrownBy(() -> TestPipelines.parse(PIPELINE))
        .isInstanceOf(UserException.class)
        .isInstanceOfSatisfying(
            PipelineValidationException.class,
            e -> {
              assertThat(e.problems())
                  .extracting(PipelineProblem::line)
                  .containsExactly(2, 7, 10, 11);
              assertThat(e.getMessage())
                  .isEqualTo(
                      String.join(
                          "\n",
                          "p.yaml:2:7: seed: expected an integer, got 'abc'",
                          "p.yaml:7:19: option 'model' of stage 'teacher': unknown model"
                              + " 'resnet'; available: lenet5, lenet5-half",
                          "p.yaml:10:13: stage 'student' needs 'teachr', which is not a stage of"
                              + " this pipeline; stages: teacher, student",
                          "p.yaml:11:27: unknown option 'epoch' for stage plugin 'train'; known"
                              + " options: batch-size, epochs, lr, model"));
              assertThat(e.problems().get(0))
                  .isEqualTo(
                      new PipelineProblem("p.yaml", 2, 7, "seed: expected an integer, got 'abc'"));
            });
  }
}
