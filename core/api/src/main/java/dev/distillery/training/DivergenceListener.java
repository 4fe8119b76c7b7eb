package dev.distillery.training;

import dev.distillery.spi.StageContext;
import dev.distillery.spi.UserException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stops the stage when a batch's loss is not finite, before the optimizer step, so the newest
 * checkpoint stays good. The loss gauges are shown the value first (alert {@code DistilleryLossNaN}
 * can fire); the message says where it happened, the components, which checkpoint is kept and what
 * to change.
 */
final class DivergenceListener implements TrainingListener {

  private final StageContext context;
  private final CheckpointStore checkpoints;

  DivergenceListener(StageContext context, CheckpointStore checkpoints) {
    this.context = context;
    this.checkpoints = checkpoints;
  }

  @Override
  public void onBatchLosses(BatchLosses losses) {
    float total = losses.total();
    if (Float.isFinite(total)) {
      return;
    }
    // the gauges must show the divergence (alert DistilleryLossNaN) before it stops
    Map<String, Double> figures = new LinkedHashMap<>(losses.figures());
    figures.put("loss.total", (double) total);
    context
        .monitor()
        .progress(
            RecordsListener.phase(losses.epoch(), losses.epochs()),
            losses.step(),
            losses.steps(),
            figures);
    long globalStep = (long) (losses.epoch() - 1) * losses.steps() + losses.step();
    throw new UserException(
        "stage '"
            + context.stageId()
            + "' stopped: the loss became "
            + total
            + " at epoch "
            + losses.epoch()
            + ", step "
            + losses.step()
            + " of "
            + losses.steps()
            + " (global step "
            + globalStep
            + "; components "
            + figures
            + "). "
            + kept(checkpoints.latest(context.stageKey()).orElse(null), losses.steps())
            + " Lower the learning rate (optimizer.lr), the distillation weight or temperature, and"
            + " run again: the stage restarts from that checkpoint only if its options are"
            + " unchanged, so a changed option starts it afresh.");
  }

  /** What a diverged stage leaves to restart from, as the checkpoint store holds it. */
  static String kept(CheckpointStore.Position latest, int steps) {
    if (latest == null || (latest.epoch() == 0 && latest.step() == 0)) {
      return "No checkpoint of this stage exists yet (it diverged before its first epoch ended):"
          + " run again and it starts from its initial weights.";
    }
    if (latest.step() == 0) {
      return "The checkpoint of the end of epoch " + latest.epoch() + " is kept.";
    }
    return "The checkpoint after step "
        + latest.step()
        + " of "
        + steps
        + " of epoch "
        + (latest.epoch() + 1)
        + " is kept.";
  }
}
