package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.run.StageStatus;
import org.junit.jupiter.api.Test;

/**
 * When a method reads a teacher feature point the store lacks, the stage runs the teacher and
 * finishes, and its result names the point and what the store holds.
 */
class MissingStoredFeaturePointTest {

  @Test
  void aMissingPointFallsBackToTheTeacher() {
    FeatureCacheRuns.Run run = FeatureCacheRuns.cache();
    assertThat(run.result().outcomes().get("sp-missing-point").status())
        .isEqualTo(StageStatus.SUCCEEDED);
    assertThat(run.teacherOutputs("sp-missing-point"))
        .isEqualTo(
            "computed: a method reads teacher feature point 'fc1', which the store of stage"
                + " 'teacher-features' lacks (it holds [logits, conv2]); add it to that stage's"
                + " `features` to cache it");
  }
}
