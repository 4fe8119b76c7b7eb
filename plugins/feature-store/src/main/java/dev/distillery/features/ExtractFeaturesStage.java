package dev.distillery.features;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.ImageSplit;
import dev.distillery.spi.ModelArtifact;
import dev.distillery.spi.Network;
import dev.distillery.spi.Preflight;
import dev.distillery.spi.StageCancelledException;
import dev.distillery.spi.StageChecks;
import dev.distillery.spi.StageContext;
import dev.distillery.spi.StagePlugin;
import dev.distillery.spi.StageResult;
import dev.distillery.spi.StageValidation;
import dev.distillery.spi.UserException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code extract-features}: runs a trained model once over a split in inference mode and stores its
 * logits and chosen feature points in the stage directory ({@code features/}, a {@link
 * FeatureStore}), keyed by the model, the images and their transform. {@code distill} stages that
 * need this stage read their teacher's outputs from it instead of running the teacher, when their
 * batches are not augmented.
 *
 * <pre>
 * teacher-features:
 *   uses: extract-features
 *   needs: [teacher]
 *   with: {model: teacher, features: [conv2]}
 * </pre>
 */
public final class ExtractFeaturesStage implements StagePlugin<ExtractFeaturesOptions> {

  /** Store directory inside the stage directory. */
  static final String STORE_DIRECTORY = "features";

  /** Progress file in the checkpoint directory: rows written under a stage key. */
  static final String PROGRESS_FILE = "extract-progress.json";

  /** Flush and checkpoint the rows at most this often. */
  private static final long CHECKPOINT_NANOS = 10_000_000_000L;

  @Override
  public String id() {
    return "extract-features";
  }

  @Override
  public String description() {
    return "Runs a stage's model once over a split and stores its logits and feature points for"
        + " later stages";
  }

  @Override
  public Class<ExtractFeaturesOptions> optionsType() {
    return ExtractFeaturesOptions.class;
  }

  @Override
  public void validate(ExtractFeaturesOptions options, StageValidation validation) {
    StageChecks.modelStage(validation, "model", options.model());
    if (!FeatureStores.SPLITS.contains(options.split())) {
      validation.error(
          "split", "unknown split '" + options.split() + "'; use one of " + FeatureStores.SPLITS);
    }
    StageChecks.batchSize(validation, options.batchSize());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < options.features().size(); i++) {
      String point = options.features().get(i);
      if (point == null || point.isBlank()) {
        validation.error("features/" + i, "a feature point name is empty");
      } else if (point.equals(FeatureStore.LOGITS)) {
        validation.error(
            "features/" + i, "'logits' are always stored: list only feature points in `features`");
      } else if (!seen.add(point)) {
        validation.error("features/" + i, "feature point '" + point + "' is listed twice");
      }
    }
  }

  /** The model's architecture must have every listed feature point. */
  @Override
  public void preflight(ExtractFeaturesOptions options, Preflight preflight) {
    preflight
        .modelOf(options.model())
        .ifPresent(
            spec -> {
              Network network = preflight.network(spec, null);
              checkPoints(options, network);
            });
  }

  private static void checkPoints(ExtractFeaturesOptions options, Network network) {
    List<String> unknown =
        options.features().stream().filter(p -> !network.featurePoints().contains(p)).toList();
    if (!unknown.isEmpty()) {
      throw new UserException(
          "features: model '"
              + network.architecture()
              + "' of stage '"
              + options.model()
              + "' has no feature point "
              + String.join(", ", unknown.stream().map(p -> "'" + p + "'").toList())
              + "; its feature points are "
              + network.featurePoints());
    }
  }

  @Override
  public StageResult run(ExtractFeaturesOptions options, StageContext context) throws IOException {
    StageResult upstream = context.inputs().get(options.model());
    if (upstream == null || upstream.models().isEmpty()) {
      throw new UserException(
          "stage '"
              + context.stageId()
              + "': model stage '"
              + options.model()
              + "' left no model; its result has "
              + (upstream == null ? "no entry" : upstream.models().size() + " models"));
    }
    ModelArtifact artifact = upstream.models().get(0);
    ImageSplit split = FeatureStores.split(context, options.split());
    if (split.count() == 0) {
      throw new UserException(
          "stage '"
              + context.stageId()
              + "': split '"
              + options.split()
              + "' has no images; choose another `split` (the validation split is empty when the"
              + " dataset's `validation` is 0)");
    }
    FeatureStoreKey key = FeatureStores.expectedKey(context, artifact, options.split());
    Path directory = context.stageDirectory().resolve(STORE_DIRECTORY);
    long started = System.nanoTime();
    FeatureStore store;
    int resumedAt;
    try (NDManager manager = NDManager.newBaseManager(context.device())) {
      Network network = context.loadModel(artifact, manager);
      checkPoints(options, network);
      ParameterStore parameters = new ParameterStore(manager, false);
      List<String> points = new java.util.ArrayList<>();
      points.add(FeatureStore.LOGITS);
      points.addAll(options.features());
      Map<String, int[]> shapes = shapes(network, parameters, split, points, manager);
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("model-stage", options.model());
      info.put("architecture", artifact.architecture());
      info.put("parameters", artifact.parameters());
      info.put("dataset", context.dataset().id());
      info.put("dataset-fingerprint", context.dataset().fingerprint());
      info.put("mode", "inference");
      info.put("batch-size", options.batchSize());
      info.put("device", context.device().toString());
      resumedAt = progress(context);
      FeatureStoreWriter opened;
      try {
        opened = FeatureStoreWriter.resume(directory, key, split.count(), shapes, info, resumedAt);
      } catch (UncheckedIOException e) {
        // the rows the checkpoint counts are gone: start over
        resumedAt = 0;
        opened = FeatureStoreWriter.create(directory, key, split.count(), shapes, info);
      }
      if (resumedAt > 0) {
        context.monitor().record("resumed", Map.of("images", resumedAt, "of", split.count()));
      }
      try (FeatureStoreWriter writer = opened) {
        extract(options, context, network, parameters, split, points, writer, manager);
        store = writer.finish();
      }
    }
    Files.deleteIfExists(context.checkpointDirectory().resolve(PROGRESS_FILE));
    double seconds = (System.nanoTime() - started) / 1e9;
    int images = split.count() - resumedAt;
    long bytes = 0;
    for (var point : store.manifest().points()) {
      bytes += Files.size(directory.resolve(point.file()));
    }
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("split", options.split());
    record.put("images", images);
    record.put("seconds", seconds);
    record.put("samples_per_second", images / Math.max(seconds, 1e-9));
    record.put("points", store.points());
    record.put("bytes", bytes);
    context.monitor().record("extract", record);
    Map<String, Double> summary = new LinkedHashMap<>();
    summary.put("images", (double) store.count());
    summary.put("images-per-second", images / Math.max(seconds, 1e-9));
    summary.put("megabytes", bytes / 1e6);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put(
        FeatureStores.REPORT_ENTRY,
        FeatureStores.reportEntry(context.runDirectory(), store, options.model()));
    return new StageResult(summary, List.of(), report);
  }

  /** Per-image output shapes at the stored points, from one image of the split. */
  private static Map<String, int[]> shapes(
      Network network,
      ParameterStore parameters,
      ImageSplit split,
      List<String> points,
      NDManager manager) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray image =
          scope.create(
              FloatBuffer.wrap(split.copyImages(0, 1)),
              new Shape(1, split.channels(), split.height(), split.width()));
      NDList outputs = network.block().forward(parameters, new NDList(image), false);
      Map<String, int[]> shapes = new LinkedHashMap<>();
      for (String point : points) {
        long[] dimensions = output(network, outputs, point).getShape().slice(1).getShape();
        int[] shape = new int[dimensions.length];
        for (int i = 0; i < shape.length; i++) {
          shape[i] = Math.toIntExact(dimensions[i]);
        }
        shapes.put(point, shape);
      }
      return shapes;
    }
  }

  private static NDArray output(Network network, NDList outputs, String point) {
    return point.equals(FeatureStore.LOGITS)
        ? network.logits(outputs)
        : network.feature(outputs, point);
  }

  private static void extract(
      ExtractFeaturesOptions options,
      StageContext context,
      Network network,
      ParameterStore parameters,
      ImageSplit split,
      List<String> points,
      FeatureStoreWriter writer,
      NDManager manager) {
    int count = split.count();
    int size = split.imageSize();
    long started = System.nanoTime();
    long lastCheckpoint = started;
    int firstRow = writer.written();
    String phase = "extract " + options.split();
    for (int from = writer.written(); from < count; ) {
      try {
        context.monitor().checkCancelled();
      } catch (StageCancelledException e) {
        writer.flush();
        saveProgress(context, writer.written());
        throw e;
      }
      int to = Math.min(from + options.batchSize(), count);
      Map<String, float[]> values = new LinkedHashMap<>();
      try (NDManager scope = manager.newSubManager()) {
        NDArray images =
            scope.create(
                FloatBuffer.wrap(split.copyImages(from, to)),
                new Shape(to - from, split.channels(), split.height(), split.width()));
        NDList outputs = network.block().forward(parameters, new NDList(images), false);
        for (String point : points) {
          values.put(point, output(network, outputs, point).toFloatArray());
        }
      }
      writer.append(to - from, values);
      from = to;
      long now = System.nanoTime();
      double seconds = (now - started) / 1e9;
      context
          .monitor()
          .progress(
              phase, to, count, Map.of("throughput", (to - firstRow) / Math.max(seconds, 1e-9)));
      if (now - lastCheckpoint >= CHECKPOINT_NANOS && to < count) {
        writer.flush();
        saveProgress(context, to);
        lastCheckpoint = now;
      }
    }
  }

  /** Rows already written by an interrupted run of this stage under the same key, or 0. */
  private static int progress(StageContext context) {
    Path file = context.checkpointDirectory().resolve(PROGRESS_FILE);
    if (!Files.isRegularFile(file)) {
      return 0;
    }
    try {
      Progress progress = OptionsMapper.mapper().readValue(file.toFile(), Progress.class);
      return context.stageKey().equals(progress.stageKey()) ? progress.written() : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  private static void saveProgress(StageContext context, int written) {
    Path file = context.checkpointDirectory().resolve(PROGRESS_FILE);
    Path temporary = file.resolveSibling(PROGRESS_FILE + ".tmp");
    try {
      Files.createDirectories(file.getParent());
      OptionsMapper.mapper()
          .writeValue(temporary.toFile(), new Progress(context.stageKey(), written));
      Files.move(
          temporary,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The checkpoint of an extraction: rows flushed to the store under a stage key. */
  record Progress(String stageKey, int written) {}
}
