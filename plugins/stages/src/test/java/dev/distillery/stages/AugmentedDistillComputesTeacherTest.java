package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A distill stage with augmented batches runs its teacher even with a matching store among its
 * needs: stores hold outputs of un-augmented images.
 */
class AugmentedDistillComputesTeacherTest {

  @Test
  void augmentedBatchesDoNotReadTheStore() {
    assertThat(FeatureCacheRuns.cache().teacherOutputs("kd-augmented"))
        .isEqualTo(
            "computed: training batches are augmented (crop-padding 2, horizontal-flip false);"
                + " stored outputs are of un-augmented images");
  }
}
