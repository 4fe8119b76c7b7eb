package dev.distillery.training;

import ai.djl.ndarray.NDManager;
import dev.distillery.spi.StageMonitor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tells the monitor what the loop does: a {@code resumed} record when training continues from a
 * checkpoint, the work and the running figures of every step, and at every epoch end the epoch's
 * {@code metrics.jsonl} record and figures.
 */
final class RecordsListener implements TrainingListener {

  private final StageMonitor monitor;
  private final NDManager manager;

  /**
   * @param manager the manager holding the trainable parameters (its live arrays are recorded)
   */
  RecordsListener(StageMonitor monitor, NDManager manager) {
    this.monitor = monitor;
    this.manager = manager;
  }

  @Override
  public void onTrainingStart(TrainingStart start) {
    if (start.resumed()) {
      CheckpointStore.Position position = start.position();
      monitor.record(
          "resumed",
          Map.of("epoch", position.epoch() + 1, "step", position.step(), "steps", start.steps()));
    }
  }

  @Override
  public void onBatchEnd(BatchEnd batch) {
    monitor.trained(1, batch.samples());
    if (!batch.lastOfEpoch()) {
      // the epoch's end is published once, at the epoch end, with the epoch's figures
      monitor.progress(
          phase(batch.epoch(), batch.epochs()), batch.step(), batch.steps(), batch.figures());
    }
  }

  @Override
  public void onEpochEnd(EpochEnd end) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("epoch", end.epoch());
    record.put("epochs", end.epochs());
    record.put("lr", end.lr());
    record.put("loss", end.loss());
    end.losses().forEach((name, mean) -> record.put("loss_" + name, mean));
    if (end.trainAccuracy() != null) {
      record.put("train_accuracy", end.trainAccuracy());
    }
    if (end.validationAccuracy() != null) {
      record.put("validation_accuracy", end.validationAccuracy());
    }
    record.put("seconds", end.seconds());
    record.put("samples_per_second", end.samplesPerSecond());
    record.put("rss_bytes", ProcessMemory.residentBytes());
    record.put("native_arrays", manager.getManagedArrays().size());
    monitor.record("epoch", record);
    monitor.progress(phase(end.epoch(), end.epochs()), end.steps(), end.steps(), end.figures());
  }

  /** The progress phase of an epoch (from 1): {@code epoch 3/20}. */
  static String phase(int epoch, int epochs) {
    return "epoch " + epoch + "/" + epochs;
  }
}
