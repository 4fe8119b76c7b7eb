package dev.distillery.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code repeats: N} turns a stage into N runs ({@code id}, {@code id.2}, ...): each with its own
 * key, run 1 keeping the key of the stage run once; a stage that needs a repeated stage needs every
 * run; a stage plugin that does not train from a seed refuses it, located.
 */
class RepeatedStageTest {

  private static final String PIPELINE =
      """
      pipeline: repeats
      dataset:
        name: synthetic
      stages:
        teacher: {uses: train, with: {model: lenet5}}
        student: {uses: train, needs: teacher, %s with: {model: lenet5-half}}
        report: {uses: evaluate, needs: [teacher, student]}
      """;

  @Test
  void aRepeatedStageBecomesOneStagePerRun() {
    PipelineSpec spec = TestPipelines.parse(PIPELINE.formatted("repeats: 3,"));

    assertThat(spec.stages().keySet())
        .containsExactly("teacher", "student", "student.2", "student.3", "report");
    assertThat(spec.stages().get("student.3").needs()).containsExactly("teacher");
    assertThat(spec.stages().get("student.3").options())
        .isEqualTo(spec.stages().get("student").options());
    assertThat(spec.stages().get("report").needs())
        .containsExactly("teacher", "student", "student.2", "student.3");
    List<String> keys = spec.stages().values().stream().map(StageSpec::key).toList();
    assertThat(keys).doesNotHaveDuplicates();
  }

  @Test
  void runOneKeepsTheKeyOfTheStageRunOnce() {
    PipelineSpec once = TestPipelines.parse(PIPELINE.formatted(""));
    PipelineSpec thrice = TestPipelines.parse(PIPELINE.formatted("repeats: 3,"));

    assertThat(thrice.stages().get("student").key()).isEqualTo(once.stages().get("student").key());
    assertThat(thrice.stages().get("teacher").key()).isEqualTo(once.stages().get("teacher").key());
    assertThat(thrice.stages().get("report").key()).isNotEqualTo(once.stages().get("report").key());
  }

  @Test
  void aStageThatDoesNotTrainFromASeedRefusesRepeats() {
    String yaml =
        """
        pipeline: repeats
        dataset:
          name: synthetic
        stages:
          teacher: {uses: train, with: {model: lenet5}}
          report: {uses: evaluate, needs: [teacher], repeats: 2}
        """;

    assertThat(TestPipelines.problems(yaml))
        .singleElement()
        .asString()
        .startsWith("p.yaml:6:55:")
        .contains("stage 'report': repeats: 2")
        .contains("stage plugin 'evaluate' does not train from a seed")
        .contains("remove 'repeats'");
  }

  @Test
  void repeatsOutsideItsRangeIsASchemaProblem() {
    assertThat(TestPipelines.problems(PIPELINE.formatted("repeats: 0,")))
        .singleElement()
        .asString()
        .contains("repeats")
        .contains("1");
    assertThat(TestPipelines.problems(PIPELINE.formatted("repeats: 101,")))
        .singleElement()
        .asString()
        .contains("100");
  }
}
