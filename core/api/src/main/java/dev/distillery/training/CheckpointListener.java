package dev.distillery.training;

import ai.djl.nn.Block;
import dev.distillery.training.optim.Optimizer;
import java.util.List;

/**
 * Writes the loop's checkpoints: at every epoch end, every {@code everySteps} steps inside an
 * epoch, and when the run is stopped; each holds the trainable blocks, the optimizer state and the
 * position the event carries, so a resumed stage continues bit for bit.
 */
final class CheckpointListener implements TrainingListener {

  private final CheckpointStore checkpoints;
  private final List<Block> blocks;
  private final Optimizer optimizer;
  private final int everySteps;

  /**
   * @param everySteps extra checkpoints within an epoch (0: only at epoch ends)
   */
  CheckpointListener(
      CheckpointStore checkpoints, List<Block> blocks, Optimizer optimizer, int everySteps) {
    this.checkpoints = checkpoints;
    this.blocks = blocks;
    this.optimizer = optimizer;
    this.everySteps = everySteps;
  }

  @Override
  public void onBatchEnd(BatchEnd batch) {
    // the epoch's last step is checkpointed at the epoch end, with the epoch's figures
    if (everySteps > 0 && batch.step() % everySteps == 0 && !batch.lastOfEpoch()) {
      checkpoints.save(batch.position(), blocks, optimizer);
    }
  }

  @Override
  public void onEpochEnd(EpochEnd end) {
    checkpoints.save(end.position(), blocks, optimizer);
  }

  @Override
  public void onCancelled(CheckpointStore.Position position) {
    checkpoints.save(position, blocks, optimizer);
  }
}
