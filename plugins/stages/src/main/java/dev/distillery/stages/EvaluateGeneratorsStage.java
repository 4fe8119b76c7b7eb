package dev.distillery.stages;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.GeneratorNetwork;
import dev.distillery.spi.ImageSplit;
import dev.distillery.spi.Network;
import dev.distillery.spi.StageChecks;
import dev.distillery.spi.StageContext;
import dev.distillery.spi.StagePlugin;
import dev.distillery.spi.StageResult;
import dev.distillery.spi.StageValidation;
import dev.distillery.spi.UserException;
import dev.distillery.training.data.LatentStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code evaluate-generators}: measures the image quality of every generator left by the stages it
 * needs, through a classifier trained on the same data — an Inception network cannot be downloaded
 * here, so these Fréchet distances compare only with each other, not with published FIDs.
 *
 * <ul>
 *   <li>Fréchet distance between the classifier's features of {@code samples} generated images and
 *       of the test images ({@link FrechetDistance}); the distance between the two halves of the
 *       test split is reported beside it as the floor that sampling noise alone gives;
 *   <li>the classifier's view: class coverage (classes predicted for at least a tenth of an even
 *       share) and mean confidence (top-1 softmax probability);
 *   <li>parameters and MACs of each generator; an image grid of each on the same latent vectors.
 * </ul>
 *
 * Writes {@code generators.md}, {@code generators.json} and {@code generators-fid.png} (quality
 * against parameters, one series per way of training) in the run directory, and the run's {@code
 * report.html} ({@link dev.distillery.report.HtmlReport}).
 */
public final class EvaluateGeneratorsStage implements StagePlugin<EvaluateGeneratorsOptions> {

  @Override
  public String id() {
    return "evaluate-generators";
  }

  @Override
  public String description() {
    return "Measures generators: Fréchet distance on a classifier's features, class coverage,"
        + " confidence, size; table, chart and image grids";
  }

  @Override
  public Class<EvaluateGeneratorsOptions> optionsType() {
    return EvaluateGeneratorsOptions.class;
  }

  @Override
  public void validate(EvaluateGeneratorsOptions options, StageValidation validation) {
    StageChecks.modelStage(validation, "classifier", options.classifier());
    boolean anyGenerator =
        validation.needs().stream()
            .anyMatch(
                need ->
                    validation
                        .stageUses(need)
                        .filter(DistillGeneratorStage.GENERATOR_STAGES::contains)
                        .isPresent());
    if (!anyGenerator) {
      validation.error(
          "",
          "an evaluate-generators stage needs stages that leave generators (uses one of "
              + DistillGeneratorStage.GENERATOR_STAGES
              + "); needs: "
              + validation.needs());
    }
    if (options.samples() < 2) {
      validation.error("samples", "samples must be at least 2, got " + options.samples());
    }
    StageChecks.batchSize(validation, options.batchSize());
  }

  /** One generator's figures, as written to generators.json. */
  public record GeneratorReport(
      String stage,
      String training,
      String series,
      String architecture,
      long parameters,
      long multiplyAccumulates,
      double frechetDistance,
      int classCoverage,
      double confidence,
      long[] perClass,
      int collapses,
      String grid) {}

  @Override
  public StageResult run(EvaluateGeneratorsOptions options, StageContext context)
      throws IOException {
    List<GeneratorReport> reports = new ArrayList<>();
    double floor;
    String feature;
    int featureSize;
    try (NDManager manager = NDManager.newBaseManager(context.device())) {
      Network classifier =
          GanStages.classifier(options.classifier(), context, manager).orElseThrow();
      feature =
          options.feature() != null
              ? options.feature()
              : classifier
                  .classifierInput()
                  .orElseThrow(
                      () ->
                          new UserException(
                              "classifier '"
                                  + classifier.architecture()
                                  + "' names no feature before its classifier; set `feature:` to"
                                  + " one of "
                                  + classifier.featurePoints()));
      ParameterStore parameters = new ParameterStore(manager, false);
      Measure measure = new Measure(classifier, feature, parameters, options.batchSize());
      ImageSplit test = context.testSplit();
      float[] testFeatures = measure.features(manager, test.toArray(), test.count());
      featureSize = testFeatures.length / test.count();
      FrechetDistance.Gaussian real =
          FrechetDistance.Gaussian.fit(testFeatures, test.count(), featureSize);
      int half = test.count() / 2;
      floor =
          FrechetDistance.between(
              FrechetDistance.Gaussian.fit(testFeatures, half, featureSize),
              FrechetDistance.Gaussian.fit(
                  java.util.Arrays.copyOfRange(
                      testFeatures, half * featureSize, 2 * half * featureSize),
                  half,
                  featureSize));
      int done = 0;
      for (var entry : context.inputs().entrySet()) {
        if (entry.getValue().report().get(GeneratorArtifact.KEY) == null) {
          continue;
        }
        context.monitor().checkCancelled();
        GeneratorArtifact artifact = GeneratorArtifact.of(entry.getKey(), entry.getValue());
        try (NDManager scope = manager.newSubManager()) {
          GeneratorNetwork generator = artifact.load(context, scope, GanStages.dataImage(context));
          float[] images = generate(generator, artifact.range(), scope, options, context.seed());
          float[] features = measure.features(scope, images, options.samples());
          double distance =
              FrechetDistance.between(
                  FrechetDistance.Gaussian.fit(features, options.samples(), featureSize), real);
          long[] perClass = measure.classes(scope, images, options.samples(), measure.classes);
          int coverage = 0;
          for (long n : perClass) {
            coverage += n * perClass.length * 10L >= options.samples() ? 1 : 0;
          }
          Path grid = context.runDirectory().resolve("generators").resolve(entry.getKey() + ".png");
          int gridImages = Math.min(DataFreeProbe.GRID_IMAGES, options.samples());
          GeneratedImageGrid.write(
              java.util.Arrays.copyOf(images, gridImages * generator.image().size()),
              generator.image(),
              8,
              2,
              (float) artifact.pixelLow(),
              (float) artifact.pixelHigh(),
              grid);
          Object training = entry.getValue().report().get("training");
          Object collapses = entry.getValue().summary().get("collapses");
          reports.add(
              new GeneratorReport(
                  entry.getKey(),
                  String.valueOf(training),
                  series(String.valueOf(training)),
                  artifact.architecture() + " " + artifact.options(),
                  artifact.parameterCount(),
                  artifact.multiplyAccumulates(),
                  distance,
                  coverage,
                  measure.lastConfidence,
                  perClass,
                  collapses == null ? 0 : (int) Math.round((Double) collapses),
                  context.runDirectory().relativize(grid).toString()));
        }
        GeneratorReport measured = reports.get(reports.size() - 1);
        context
            .monitor()
            .record(
                "generator-quality",
                Map.of(
                    "generator",
                    measured.stage(),
                    "frechet_distance",
                    measured.frechetDistance(),
                    "class_coverage",
                    measured.classCoverage(),
                    "confidence",
                    measured.confidence(),
                    "parameters",
                    measured.parameters()));
        context
            .monitor()
            .progress(
                "evaluate generators",
                ++done,
                generatorCount(context),
                Map.of("frechet." + measured.stage(), measured.frechetDistance()));
      }
    }
    Path chart = context.runDirectory().resolve("generators-fid.png");
    QualityChart.write(reports, floor, chart);
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("run", context.runId());
    document.put("classifier", options.classifier());
    document.put("feature", feature + " (" + featureSize + " values)");
    document.put("samples", options.samples());
    document.put("test-images", context.testSplit().count());
    document.put("test-half-distance", floor);
    document.put("generators", reports);
    OptionsMapper.mapper()
        .writeValue(context.runDirectory().resolve("generators.json").toFile(), document);
    String markdown = markdown(reports, options, feature, featureSize, floor, context);
    Files.writeString(context.runDirectory().resolve("generators.md"), markdown);
    context.writeRunReport();
    Map<String, Double> summary = new LinkedHashMap<>();
    for (GeneratorReport report : reports) {
      summary.put(report.stage() + ".frechet-distance", report.frechetDistance());
      summary.put(report.stage() + ".class-coverage", (double) report.classCoverage());
    }
    summary.put("test-half-distance", floor);
    return new StageResult(summary, List.of(), Map.of("table", markdown));
  }

  /**
   * The chart line of a generator: how it was trained without its details, so that the sizes of one
   * way of training share a line ("adversarial", "distilled from teacher (MSE)").
   */
  static String series(String training) {
    return training
        .replaceAll(", α [0-9.eE-]+", "")
        .replace("adversarial (non-saturating)", "adversarial")
        .replace("adversarial (wgan-gp)", "adversarial (WGAN-GP)");
  }

  private static long generatorCount(StageContext context) {
    return context.inputs().values().stream()
        .filter(result -> result.report().get(GeneratorArtifact.KEY) != null)
        .count();
  }

  private static float[] generate(
      GeneratorNetwork generator,
      PixelRange range,
      NDManager manager,
      EvaluateGeneratorsOptions options,
      long seed) {
    int latent = generator.latentSize();
    float[] latents = new LatentStream(seed).fixed(2, options.samples(), latent);
    float[] images = new float[options.samples() * generator.image().size()];
    ParameterStore parameters = new ParameterStore(manager, false);
    for (int from = 0; from < options.samples(); from += options.batchSize()) {
      int to = Math.min(from + options.batchSize(), options.samples());
      try (NDManager scope = manager.newSubManager()) {
        NDArray z =
            scope.create(
                FloatBuffer.wrap(latents, from * latent, (to - from) * latent),
                new ai.djl.ndarray.types.Shape(to - from, latent));
        float[] batch =
            range
                .toData(generator.block().forward(parameters, new NDList(z), false).head())
                .toFloatArray();
        System.arraycopy(batch, 0, images, from * generator.image().size(), batch.length);
      }
    }
    return images;
  }

  /** The classifier's features and predictions on images. */
  private static final class Measure {
    private final Network classifier;
    private final String feature;
    private final ParameterStore parameters;
    private final int batchSize;
    private final int classes;
    private double lastConfidence;

    Measure(Network classifier, String feature, ParameterStore parameters, int batchSize) {
      this.classifier = classifier;
      this.feature = feature;
      this.parameters = parameters;
      this.batchSize = batchSize;
      this.classes = classifier.input().classes();
    }

    private NDList forward(NDManager scope, float[] images, int from, int to) {
      var input = classifier.input();
      int size = input.channels() * input.height() * input.width();
      NDArray x =
          scope.create(
              FloatBuffer.wrap(images, from * size, (to - from) * size),
              input.batchShape(to - from));
      return classifier.block().forward(parameters, new NDList(x), false);
    }

    float[] features(NDManager manager, float[] images, int count) {
      List<float[]> parts = new ArrayList<>();
      int total = 0;
      for (int from = 0; from < count; from += batchSize) {
        int to = Math.min(from + batchSize, count);
        try (NDManager scope = manager.newSubManager()) {
          NDArray values = classifier.feature(forward(scope, images, from, to), feature);
          float[] part = values.reshape(to - from, -1).toFloatArray();
          parts.add(part);
          total += part.length;
        }
      }
      float[] all = new float[total];
      int at = 0;
      for (float[] part : parts) {
        System.arraycopy(part, 0, all, at, part.length);
        at += part.length;
      }
      return all;
    }

    long[] classes(NDManager manager, float[] images, int count, int classCount) {
      long[] perClass = new long[classCount];
      double confidence = 0;
      for (int from = 0; from < count; from += batchSize) {
        int to = Math.min(from + batchSize, count);
        try (NDManager scope = manager.newSubManager()) {
          NDArray logits = classifier.logits(forward(scope, images, from, to));
          confidence += logits.softmax(1).max(new int[] {1}).sum().getFloat();
          for (long c : logits.argMax(1).toLongArray()) {
            perClass[(int) c]++;
          }
        }
      }
      lastConfidence = confidence / count;
      return perClass;
    }
  }

  private static String markdown(
      List<GeneratorReport> reports,
      EvaluateGeneratorsOptions options,
      String feature,
      int featureSize,
      double floor,
      StageContext context) {
    StringBuilder out = new StringBuilder();
    out.append("# Generators\n\n");
    out.append(
        String.format(
            Locale.ROOT,
            "Run `%s`. Fréchet distance (FD) between the features `%s` (%d values) of classifier"
                + " stage `%s` on %,d generated images and on the %,d test images; **comparable"
                + " only with each other**, not with FIDs published on Inception features. The"
                + " two halves of the test split are %.2f apart: differences near that are noise."
                + " Coverage: classes the classifier predicts for at least a tenth of an even"
                + " share; confidence: mean top-1 probability.%n%n",
            context.runId(),
            feature,
            featureSize,
            options.classifier(),
            options.samples(),
            context.testSplit().count(),
            floor));
    out.append(
        "| stage | training | parameters | MACs | FD | coverage | confidence | collapses |\n");
    out.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
    for (GeneratorReport r : reports) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %,d | %,d | %.2f | %d | %.3f | %d |%n",
              r.stage(),
              r.training(),
              r.parameters(),
              r.multiplyAccumulates(),
              r.frechetDistance(),
              r.classCoverage(),
              r.confidence(),
              r.collapses()));
    }
    out.append("\n![Fréchet distance against parameters](generators-fid.png)\n\n");
    out.append("## Images (the same latent vectors for every generator)\n\n");
    for (GeneratorReport r : reports) {
      out.append("### ").append(r.stage()).append("\n\n![").append(r.stage()).append("](");
      out.append(r.grid()).append(")\n\n");
    }
    return out.toString();
  }
}
