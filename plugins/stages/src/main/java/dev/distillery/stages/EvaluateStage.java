package dev.distillery.stages;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.ImageSplit;
import dev.distillery.spi.ModelArtifact;
import dev.distillery.spi.Network;
import dev.distillery.spi.Preflight;
import dev.distillery.spi.StageChecks;
import dev.distillery.spi.StageContext;
import dev.distillery.spi.StagePlugin;
import dev.distillery.spi.StageResult;
import dev.distillery.spi.StageRuns;
import dev.distillery.spi.StageValidation;
import dev.distillery.training.Predictions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code evaluate}: measures every model left by the stages it needs on the test split — top-1 and
 * per-class accuracy, confusion matrix, parameters, MACs, size on disk, inference latency at batch
 * 1 and 64, and top-1 agreement with the teacher — and writes {@code report.md}, {@code
 * report.json} and {@code report.html} (charts; {@link StageContext#writeRunReport}) in the run
 * directory, and publishes top-1, agreement and gain as gauges ({@link EvaluationMeters}). With
 * {@code omitted-class: k} it also measures each model on class {@code k} before and after the bias
 * correction of {@link OmittedClassCorrection}.
 *
 * <pre>
 * evaluate:
 *   uses: evaluate
 *   needs: [teacher, student-alone, student-kd]
 * </pre>
 */
public final class EvaluateStage implements StagePlugin<EvaluateOptions> {

  @Override
  public String id() {
    return "evaluate";
  }

  @Override
  public String description() {
    return "Measures the models of the stages it needs and writes report.md, report.json and report.html";
  }

  @Override
  public Class<EvaluateOptions> optionsType() {
    return EvaluateOptions.class;
  }

  @Override
  public void validate(EvaluateOptions options, StageValidation validation) {
    if (validation.needs().isEmpty()) {
      validation.error(
          "", "an evaluate stage needs the stages whose models it measures: add `needs: [...]`");
    }
    if (options.teacher() != null && !validation.needs().contains(options.teacher())) {
      validation.error(
          "teacher",
          "teacher stage '" + options.teacher() + "' must be one of needs " + validation.needs());
    }
    if (options.baseline() != null && !validation.needs().contains(options.baseline())) {
      validation.error(
          "baseline",
          "baseline stage '" + options.baseline() + "' must be one of needs " + validation.needs());
    }
    StageChecks.batchSize(validation, options.batchSize());
    if (!(options.confidence() >= 0.5 && options.confidence() < 1)) {
      validation.error(
          "confidence",
          "confidence must be at least 0.5 and below 1 (e.g. 0.95 for 95 % intervals), got "
              + options.confidence());
    }
    if (options.latencyRuns() < 1) {
      validation.error(
          "latency-runs", "latency-runs must be at least 1, got " + options.latencyRuns());
    }
    OmittedClassCorrection.validate(options.omittedClass(), validation);
    ModelExports.validate(options.exportFormats(), validation);
  }

  /** Checks {@code omitted-class} against the dataset's classes and validation images. */
  @Override
  public void preflight(EvaluateOptions options, Preflight preflight) {
    OmittedClassCorrection.preflight(options.omittedClass(), preflight);
    ModelExports.preflight(options.exportFormats(), preflight);
  }

  @Override
  public StageResult run(EvaluateOptions options, StageContext context) throws IOException {
    Map<String, StageResult> inputs = context.inputs();
    String teacherStage = options.teacher() != null ? options.teacher() : teacherOf(inputs);
    ImageSplit test = context.testSplit();
    List<ModelReport> reports = new ArrayList<>();
    Map<String, int[]> predictions = new LinkedHashMap<>();
    int done = 0;
    int total = inputs.values().stream().mapToInt(r -> r.models().size()).sum();
    for (var entry : inputs.entrySet()) {
      for (ModelArtifact artifact : entry.getValue().models()) {
        context.monitor().checkCancelled();
        try (NDManager manager = NDManager.newBaseManager(context.device())) {
          Network network = context.loadModel(artifact, manager);
          ParameterStore store = new ParameterStore(manager, false);
          int[] predicted =
              Predictions.classes(
                  images ->
                      network.logits(network.block().forward(store, new NDList(images), false)),
                  test,
                  manager,
                  options.batchSize());
          predictions.put(entry.getKey(), predicted);
          ModelReport measured =
              measure(
                  context, entry.getKey(), artifact, network, store, manager, predicted, options);
          measured.training = training(entry.getValue());
          if (entry.getValue().report().get(DistillStage.TEACHER_OUTPUTS)
              instanceof String source) {
            measured.teacherOutputs = source;
          }
          measured.dataFree = dataFreeNotes(entry.getValue());
          measured.trainingImages = TransferSetReport.entry(entry.getValue().report());
          if (options.omittedClass() != null) {
            measured.omittedClass =
                OmittedClassCorrection.measure(
                    context,
                    network,
                    store,
                    manager,
                    options.omittedClass(),
                    TransferSetReport.imagesOfClass(
                        measured.trainingImages, options.omittedClass()),
                    options.batchSize());
          }
          measured.exports =
              ModelExports.exportAndCheck(
                  options.exportFormats(), context, entry.getKey(), artifact, network, manager);
          reports.add(measured);
        }
        context.monitor().progress("evaluate", ++done, total, Map.of());
      }
    }
    int[] teacherPredictions = teacherStage == null ? null : predictions.get(teacherStage);
    if (teacherPredictions != null) {
      for (ModelReport report : reports) {
        int[] predicted = predictions.get(report.stage());
        int agree = 0;
        for (int i = 0; i < predicted.length; i++) {
          agree += predicted[i] == teacherPredictions[i] ? 1 : 0;
        }
        report.agreement = (double) agree / predicted.length;
      }
    }
    // a repeated baseline's run 1 carries the stage's id: per-run gains are against it
    ModelReport baseline =
        reports.stream().filter(r -> r.stage.equals(options.baseline())).findFirst().orElse(null);
    if (baseline != null) {
      for (ModelReport model : reports) {
        model.gainPoints = 100 * (model.accuracy - baseline.accuracy);
      }
    }
    EvaluationReport report =
        new EvaluationReport(
            context.runId(),
            context.dataset().id(),
            test.count(),
            context.dataset().classNames(),
            teacherStage,
            options.baseline(),
            reports,
            options.confidence(),
            StageRunGroups.of(reports, options.baseline(), options.confidence()));
    OptionsMapper.mapper()
        .writeValue(context.runDirectory().resolve("report.json").toFile(), report);
    Files.writeString(context.runDirectory().resolve("report.md"), report.markdown());
    context.writeRunReport();
    // top-1, agreement, gain (and their spread) as gauges: distillery_evaluation_*
    EvaluationMeters.publish(context.monitor(), report.stages(), reports);
    Map<String, Double> summary = new LinkedHashMap<>();
    for (ModelReport model : reports) {
      summary.put(model.stage() + ".test.accuracy", model.accuracy);
    }
    for (StageRuns stage : report.stages()) {
      if (stage.repeated()) {
        summary.put(stage.stage() + ".test.accuracy.mean", stage.mean());
        summary.put(stage.stage() + ".test.accuracy.sd", stage.standardDeviation());
      }
    }
    summary.putAll(OmittedClassCorrection.summary(reports));
    summary.putAll(ModelExports.summary(reports));
    // the report says what did not match; the stage fails after writing it
    ModelExports.requirePassed(reports);
    return new StageResult(summary, List.of(), Map.of("table", report.summaryTable()));
  }

  /** The notes of a data-free stage's result ({@code data-seen} and around), or null. */
  @SuppressWarnings("unchecked")
  private static ModelReport.DataFreeNotes dataFreeNotes(StageResult result) {
    Map<String, Object> report = result.report();
    if (!(report.get("data-seen") instanceof String seen)) {
      return null;
    }
    return new ModelReport.DataFreeNotes(
        String.valueOf(report.get("recipe")),
        String.valueOf(report.get("generator")),
        seen,
        report.get("images") instanceof List<?> images
            ? images.stream().map(String::valueOf).toList()
            : List.of(),
        report.get("collapses") instanceof List<?> collapses
            ? (List<Map<String, Object>>) collapses
            : List.of());
  }

  /** "kd×0.9 + ce×0.1" for a distilled model, "ce" for one trained from the labels. */
  private static String training(StageResult result) {
    Object losses = result.report().get("losses");
    Object ceWeight = result.report().get("ce-weight");
    if (result.report().containsKey(ImportModelStage.IMPORTED_FROM)) {
      return "imported"; // trained elsewhere (import-model)
    }
    if (!(losses instanceof List<?> terms)) {
      return "ce";
    }
    StringBuilder text = new StringBuilder();
    for (Object term : terms) {
      text.append(text.length() == 0 ? "" : " + ").append(term);
    }
    if (ceWeight != null) {
      text.append(text.length() == 0 ? "" : " + ").append("ce×").append(ceWeight);
    }
    return text.toString();
  }

  private static String teacherOf(Map<String, StageResult> inputs) {
    for (StageResult result : inputs.values()) {
      Object teacher = result.report().get("teacher");
      if (teacher instanceof String id && inputs.containsKey(id)) {
        return id;
      }
    }
    return null;
  }

  private ModelReport measure(
      StageContext context,
      String stage,
      ModelArtifact artifact,
      Network network,
      ParameterStore store,
      NDManager manager,
      int[] predicted,
      EvaluateOptions options) {
    ImageSplit test = context.testSplit();
    int classes = context.dataset().input().classes();
    long[][] confusion = new long[classes][classes];
    int correct = 0;
    for (int i = 0; i < predicted.length; i++) {
      confusion[test.labels()[i]][predicted[i]]++;
      correct += predicted[i] == test.labels()[i] ? 1 : 0;
    }
    double[] perClass = new double[classes];
    for (int c = 0; c < classes; c++) {
      long count = Arrays.stream(confusion[c]).sum();
      perClass[c] = count == 0 ? Double.NaN : (double) confusion[c][c] / count;
    }
    ModelReport report = new ModelReport();
    report.stage = stage;
    report.role = artifact.name();
    report.architecture = artifact.architecture();
    report.accuracy = predicted.length == 0 ? Double.NaN : (double) correct / predicted.length;
    report.perClassAccuracy = perClass;
    report.confusion = confusion;
    report.parameters = parameterCount(network);
    report.multiplyAccumulates = network.multiplyAccumulates();
    try {
      report.bytesOnDisk = Files.size(context.runDirectory().resolve(artifact.parameters()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    report.latencyBatch1Ms = latencyMillis(network, store, manager, test, 1, options.latencyRuns());
    report.latencyBatch64Ms =
        latencyMillis(network, store, manager, test, 64, options.latencyRuns());
    return report;
  }

  /** Trainable parameters: everything but BatchNorm running statistics. */
  static long parameterCount(Network network) {
    long count = 0;
    for (Parameter parameter : network.block().getParameters().values()) {
      if (parameter.getType() != Parameter.Type.RUNNING_MEAN
          && parameter.getType() != Parameter.Type.RUNNING_VAR) {
        count += parameter.getArray().size();
      }
    }
    return count;
  }

  /** Median wall time of a forward pass in inference mode, after warm-up. */
  private static double latencyMillis(
      Network network,
      ParameterStore store,
      NDManager manager,
      ImageSplit test,
      int batch,
      int runs) {
    int size = test.imageSize();
    float[] data = new float[batch * size];
    for (int i = 0; i < batch; i++) {
      int image = i % test.count();
      test.copyImages(image, image + 1, data, i * size);
    }
    double[] times = new double[runs];
    for (int i = 0; i < 5 + runs; i++) {
      try (NDManager step = manager.newSubManager()) {
        NDArray images = step.create(FloatBuffer.wrap(data), network.input().batchShape(batch));
        long started = System.nanoTime();
        network.logits(network.block().forward(store, new NDList(images), false)).toFloatArray();
        long elapsed = System.nanoTime() - started;
        if (i >= 5) {
          times[i - 5] = elapsed / 1e6;
        }
      }
    }
    Arrays.sort(times);
    return times[runs / 2];
  }
}
