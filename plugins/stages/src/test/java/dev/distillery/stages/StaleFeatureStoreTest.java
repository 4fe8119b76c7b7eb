package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A store made from another model than the stage's teacher is stale: the teacher runs and the
 * stage's result says why.
 */
class StaleFeatureStoreTest {

  @Test
  void aStoreOfAnotherModelIsNotUsed() {
    assertThat(FeatureCacheRuns.cache().teacherOutputs("kd-stale"))
        .startsWith("computed: the store of stage 'other-features' is stale")
        .contains("model 'model' of stage 'teacher'")
        .contains("another model");
  }
}
