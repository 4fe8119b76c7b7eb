package dev.distillery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.status.RunStatusModel;
import dev.distillery.status.RunStatusModel.StageView;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A failed stage's line is marked with ✗ and its reason, cut to the width with an ellipsis. */
class ProgressLineFailedStageTest {

  private static RunStatusModel.Stage stage(StageView state, String message) {
    return new RunStatusModel.Stage(
        "exploding",
        "train",
        List.of(),
        state,
        "epoch 2/3",
        3,
        4,
        0.6,
        null,
        Map.of("loss.total", 2.5e21),
        null,
        message,
        1.5);
  }

  @Test
  void aFailedStageShowsTheCrossAndTheReason() {
    String line =
        ProgressLine.render(
            stage(StageView.FAILED, "stage 'exploding' stopped: the loss became NaN at epoch 2"),
            100,
            10);

    assertThat(line)
        .isEqualTo(
            "exploding  ✗ failed: stage 'exploding' stopped: the loss became NaN at epoch 2");
  }

  @Test
  void aLongReasonIsCutToTheWidth() {
    String line = ProgressLine.render(stage(StageView.FAILED, "x".repeat(300)), 80, 10);

    assertThat(line).hasSize(80).startsWith("exploding  ✗ failed: xxx").endsWith("…");
  }

  @Test
  void aSucceededStageIsTickedNotFailed() {
    String line = ProgressLine.render(stage(StageView.SUCCEEDED, null), 100, 10);

    assertThat(line).startsWith("exploding  ✓ succeeded in 0:02").doesNotContain("✗");
  }
}
