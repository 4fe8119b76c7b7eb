package dev.distillery.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The message of a diverged stage says exactly which checkpoint is kept: none before the first
 * epoch ended (issue 16: it used to claim "end of epoch 0"), an epoch end, or a mid-epoch step.
 */
class NonFiniteLossCheckpointMessageTest {

  @Test
  void saysWhatTheCheckpointStoreHolds() {
    assertThat(DivergenceListener.kept(null, 8))
        .contains("No checkpoint of this stage exists yet")
        .contains("initial weights")
        .doesNotContain("epoch 0");
    assertThat(DivergenceListener.kept(new CheckpointStore.Position(0, 0, "k", 0, 0, 0), 8))
        .contains("No checkpoint of this stage exists yet");
    assertThat(DivergenceListener.kept(new CheckpointStore.Position(2, 0, "k", 0, 0, 0), 8))
        .isEqualTo("The checkpoint of the end of epoch 2 is kept.");
    assertThat(DivergenceListener.kept(new CheckpointStore.Position(1, 4, "k", 1.5, 30, 64), 8))
        .isEqualTo("The checkpoint after step 4 of 8 of epoch 2 is kept.");
  }
}
