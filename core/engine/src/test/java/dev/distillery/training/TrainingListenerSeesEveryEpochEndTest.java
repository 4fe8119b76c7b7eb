package dev.distillery.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.spi.DatasetSource;
import dev.distillery.spi.ImageSplit;
import dev.distillery.spi.ModelArtifact;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.Network;
import dev.distillery.spi.PluginCatalog;
import dev.distillery.spi.StageContext;
import dev.distillery.spi.StageMonitor;
import dev.distillery.spi.StageResult;
import dev.distillery.training.data.AugmentationOptions;
import dev.distillery.training.optim.OptimizerOptions;
import dev.distillery.training.schedule.ScheduleOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A listener a stage adds to its training loop is called at every epoch end, after the loop's own
 * listeners, with the epoch's figures as the loop records and publishes them (loss the mean of the
 * epoch's batch losses, validation accuracy measured), and at the start and end of training; a
 * second run after the last epoch starts from the final checkpoint and ends with the same report.
 */
class TrainingListenerSeesEveryEpochEndTest {

  private static final int EPOCHS = 3;
  private static final int BATCH = 16;
  private static final int TRAIN = 40; // 3 steps per epoch, the last one short

  @Test
  void aStageListenerReceivesEachEpochEndWithTheLoopsFigures(@TempDir Path directory) {
    TinyContext context = new TinyContext(directory);
    Recording listener = new Recording(context.monitor);
    TrainingLoop.Report report = train(context, listener);

    assertThat(listener.starts).hasSize(1);
    assertThat(listener.starts.get(0).resumed()).isFalse();
    assertThat(listener.starts.get(0).steps()).isEqualTo(3);
    assertThat(listener.batchTotals).hasSize(EPOCHS * 3);
    assertThat(listener.batchEnds).hasSize(EPOCHS * 3);
    assertThat(listener.ends).extracting(TrainingListener.EpochEnd::epoch).containsExactly(1, 2, 3);

    List<Map<String, ?>> epochRecords = context.monitor.records("epoch");
    assertThat(epochRecords).hasSize(EPOCHS);
    for (int i = 0; i < EPOCHS; i++) {
      TrainingListener.EpochEnd end = listener.ends.get(i);
      assertThat(end.epochs()).isEqualTo(EPOCHS);
      assertThat(end.steps()).isEqualTo(3);
      // the loss is the mean of the epoch's batch losses, as the listener saw them
      double sum = 0;
      for (int step = 0; step < 3; step++) {
        sum += listener.batchTotals.get(i * 3 + step);
      }
      assertThat(end.loss()).isCloseTo(sum / 3, within(1e-12));
      assertThat(end.losses()).containsOnlyKeys("ce");
      assertThat(end.losses().get("ce")).isCloseTo(sum / 3, within(1e-6));
      assertThat(end.lr())
          .isEqualTo(new ScheduleOptions.Cosine(null, null).learningRate(0.1, i, EPOCHS));
      assertThat(end.trainAccuracy()).isBetween(0.0, 1.0);
      assertThat(end.validationAccuracy()).isNotNull().isBetween(0.0, 1.0);
      assertThat(end.position().epoch()).isEqualTo(i + 1);
      assertThat(end.position().step()).isZero();
      assertThat(end.position().endedEpochLoss()).isEqualTo(end.loss());

      // the record in metrics.jsonl and the published epoch figures are the listener's figures
      Map<String, ?> record = epochRecords.get(i);
      assertThat(record.get("epoch")).isEqualTo(i + 1);
      assertThat(record.get("loss")).isEqualTo(end.loss());
      assertThat(record.get("loss_ce")).isEqualTo(end.losses().get("ce"));
      assertThat(record.get("train_accuracy")).isEqualTo(end.trainAccuracy());
      assertThat(record.get("validation_accuracy")).isEqualTo(end.validationAccuracy());
      assertThat(end.figures())
          .containsKeys(
              "loss.ce", "loss.total", "accuracy.train", "accuracy.validation", "lr", "throughput")
          .isEqualTo(context.monitor.epochEndFigures.get(i));
      // called after the loop's own listeners: the epoch's record was already written
      assertThat(listener.recordsSeenAtEpochEnd.get(i)).isEqualTo(i + 1);
    }
    // the running figures of the last step of an epoch are the epoch's
    TrainingListener.BatchEnd lastOfFirst = listener.batchEnds.get(2);
    assertThat(lastOfFirst.lastOfEpoch()).isTrue();
    assertThat(lastOfFirst.figures().get("loss.total")).isEqualTo(listener.ends.get(0).loss());

    assertThat(listener.reports).containsExactly(report);
    TrainingListener.EpochEnd last = listener.ends.get(EPOCHS - 1);
    assertThat(report.epochs()).isEqualTo(EPOCHS);
    assertThat(report.lastEpochLoss()).isEqualTo(last.loss());
    assertThat(report.validationAccuracy()).isEqualTo(last.validationAccuracy());

    // every epoch done: the next run reports from the final checkpoint, and says it resumed
    Recording again = new Recording(context.monitor);
    TrainingLoop.Report rerun = train(context, again);
    assertThat(again.starts).singleElement().satisfies(s -> assertThat(s.resumed()).isTrue());
    assertThat(again.ends).isEmpty();
    assertThat(again.reports).containsExactly(rerun);
    assertThat(rerun.lastEpochLoss()).isEqualTo(report.lastEpochLoss());
    assertThat(rerun.lastTrainAccuracy()).isEqualTo(report.lastTrainAccuracy());
    assertThat(rerun.validationAccuracy()).isEqualTo(report.validationAccuracy());
  }

  private static TrainingLoop.Report train(TinyContext context, TrainingListener listener) {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      SequentialBlock block =
          new SequentialBlock()
              .add(Blocks.batchFlattenBlock())
              .add(Linear.builder().setUnits(3).build());
      Network network = new Network("linear", block, new ModelInput(1, 4, 4, 3), List.of(), 0);
      Networks.initialize(network, manager, 7);
      TrainingSettings settings =
          new TrainingSettings(
              EPOCHS,
              BATCH,
              new OptimizerOptions.Sgd(0.1, 0.9, false, 0.0),
              new ScheduleOptions.Cosine(null, null),
              AugmentationOptions.none(),
              0);
      return new TrainingLoop(
              context, settings, new ClassificationObjective(network, manager), manager)
          .addListener(listener)
          .run();
    }
  }

  /** Keeps what the loop told it. */
  private static final class Recording implements TrainingListener {
    final RecordingMonitor monitor;
    final List<TrainingStart> starts = new ArrayList<>();
    final List<Double> batchTotals = new ArrayList<>();
    final List<BatchEnd> batchEnds = new ArrayList<>();
    final List<EpochEnd> ends = new ArrayList<>();
    final List<Integer> recordsSeenAtEpochEnd = new ArrayList<>();
    final List<TrainingLoop.Report> reports = new ArrayList<>();

    Recording(RecordingMonitor monitor) {
      this.monitor = monitor;
    }

    @Override
    public void onTrainingStart(TrainingStart start) {
      starts.add(start);
    }

    @Override
    public void onBatchLosses(BatchLosses losses) {
      batchTotals.add((double) losses.total());
    }

    @Override
    public void onBatchEnd(BatchEnd batch) {
      batchEnds.add(batch);
    }

    @Override
    public void onEpochEnd(EpochEnd end) {
      ends.add(end);
      recordsSeenAtEpochEnd.add(monitor.records("epoch").size());
    }

    @Override
    public void onTrainingEnd(TrainingLoop.Report report) {
      reports.add(report);
    }
  }

  /** A monitor that keeps the records and the figures published at epoch ends. */
  private static final class RecordingMonitor implements StageMonitor {
    final List<Map.Entry<String, Map<String, ?>>> records = new ArrayList<>();
    final List<Map<String, Double>> epochEndFigures = new ArrayList<>();
    private final MeterRegistry meters = new SimpleMeterRegistry();

    List<Map<String, ?>> records(String event) {
      return records.stream()
          .filter(r -> r.getKey().equals(event))
          .<Map<String, ?>>map(Map.Entry::getValue)
          .toList();
    }

    @Override
    public void progress(String phase, long done, long total, Map<String, Double> figures) {
      if (done == total) {
        epochEndFigures.add(new LinkedHashMap<>(figures));
      }
    }

    @Override
    public void trained(long steps, long samples) {}

    @Override
    public void epoch(int epoch, int epochs) {}

    @Override
    public void record(String event, Map<String, ?> fields) {
      records.add(Map.entry(event, new LinkedHashMap<>(fields)));
    }

    @Override
    public MeterRegistry meters() {
      return meters;
    }

    @Override
    public Tags tags() {
      return Tags.empty();
    }

    @Override
    public void checkCancelled() {}
  }

  /** Seeded random images of 3 classes, 1x4x4, whose class shifts the mean of a quarter. */
  private static ImageSplit images(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] pixels = new float[count * 16];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = random.nextInt(3);
      for (int p = 0; p < 16; p++) {
        pixels[i * 16 + p] = (float) random.nextGaussian() + (p / 4 == labels[i] ? 1.5f : 0f);
      }
    }
    return new ImageSplit(pixels, labels, 1, 4, 4);
  }

  /** Just what a training loop reads. */
  private static final class TinyContext implements StageContext {
    final RecordingMonitor monitor = new RecordingMonitor();
    private final Path directory;
    private final DatasetSource dataset =
        new DatasetSource(
            "tiny",
            new ModelInput(1, 4, 4, 3),
            List.of("a", "b", "c"),
            images(TRAIN, 1),
            images(12, 2),
            "tiny");

    TinyContext(Path directory) {
      this.directory = directory;
    }

    @Override
    public String runId() {
      return "run";
    }

    @Override
    public String stageId() {
      return "listened";
    }

    @Override
    public String stageKey() {
      return "key";
    }

    @Override
    public Path stageDirectory() {
      return directory;
    }

    @Override
    public Path checkpointDirectory() {
      return directory.resolve("checkpoints");
    }

    @Override
    public long seed() {
      return 5;
    }

    @Override
    public long pipelineSeed() {
      return 5;
    }

    @Override
    public Device device() {
      return Device.cpu();
    }

    @Override
    public DatasetSource dataset() {
      return dataset;
    }

    @Override
    public ImageSplit trainSplit() {
      return dataset.train();
    }

    @Override
    public ImageSplit validationSplit() {
      return dataset.test();
    }

    @Override
    public ImageSplit testSplit() {
      return dataset.test();
    }

    @Override
    public Map<String, StageResult> inputs() {
      return Map.of();
    }

    @Override
    public PluginCatalog plugins() {
      throw new UnsupportedOperationException("no plugins here");
    }

    @Override
    public Path runDirectory() {
      return directory;
    }

    @Override
    public Network newNetwork(String architecture, JsonNode options, NDManager manager, long seed) {
      throw new UnsupportedOperationException("the test builds its network");
    }

    @Override
    public Network loadModel(ModelArtifact artifact, NDManager manager) {
      throw new UnsupportedOperationException("no models here");
    }

    @Override
    public StageMonitor monitor() {
      return monitor;
    }

    @Override
    public void writeRunReport() {}
  }
}
