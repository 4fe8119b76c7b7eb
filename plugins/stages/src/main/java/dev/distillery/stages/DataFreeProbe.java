package dev.distillery.stages;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.distillery.spi.DataFreeRecipe;
import dev.distillery.spi.GeneratorNetwork;
import dev.distillery.spi.ImageSplit;
import dev.distillery.spi.Network;
import dev.distillery.spi.StageContext;
import dev.distillery.training.LiveParameterStore;
import dev.distillery.training.Predictions;
import dev.distillery.training.adversarial.AdversarialLoop;
import dev.distillery.training.data.LatentStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The epoch-end look at a data-free stage: a fixed probe of generated images (the same latent
 * vectors every epoch, never drawn in training) through generator (inference mode), teacher and
 * student, and the student on the test split. It measures, judges collapse and draws image grids.
 *
 * <ul>
 *   <li>class coverage: classes the teacher predicts for at least a tenth of an even share of the
 *       probe (10 classes: 1 %);
 *   <li>agreement on generated images: the student's top-1 equals the teacher's, on the probe;
 *   <li>distance: the recipe's student–teacher distance on the probe;
 *   <li>diversity: the per-pixel standard deviation over the probe, averaged over pixels;
 *   <li>test accuracy and agreement with the teacher on the test split (monitoring only).
 * </ul>
 *
 * Collapsed: coverage below {@code min-classes}, distance below {@code min-distance}, or diversity
 * below 1e-4 (every latent vector gives the same image).
 */
final class DataFreeProbe {

  /** Images per grid: 8 rows of 8. */
  static final int GRID_IMAGES = 64;

  private static final double MIN_DIVERSITY = 1e-4;

  /** What one look measured; test figures are NaN when the test split was not looked at. */
  record Measures(
      int coverage,
      double generatedAgreement,
      double distance,
      double diversity,
      double testAccuracy,
      double testAgreement) {}

  private final StageContext context;
  private final DataFreeDistillOptions options;
  private final Network teacher;
  private final Network student;
  private final GeneratorNetwork generator;
  private final DataFreeRecipe recipe;
  private final NDManager manager;
  private final ParameterStore parameters;
  private final float[] probeLatent;
  private final int classes;
  private final int minClasses;
  private final int[] teacherOnTest;

  DataFreeProbe(
      StageContext context,
      DataFreeDistillOptions options,
      Network teacher,
      Network student,
      GeneratorNetwork generator,
      DataFreeRecipe recipe,
      NDManager manager) {
    this.context = context;
    this.options = options;
    this.teacher = teacher;
    this.student = student;
    this.generator = generator;
    this.recipe = recipe;
    this.manager = manager;
    this.parameters = new LiveParameterStore(manager);
    this.probeLatent =
        new LatentStream(context.seed()).fixed(1, options.probeImages(), generator.latentSize());
    this.classes = teacher.input().classes();
    this.minClasses =
        options.collapse().minClasses() != null
            ? options.collapse().minClasses()
            : (classes + 1) / 2;
    this.teacherOnTest =
        Predictions.classes(this::teacherLogits, context.testSplit(), manager, 500);
  }

  private NDArray teacherLogits(NDArray images) {
    return teacher.logits(teacher.block().forward(parameters, new NDList(images), false));
  }

  private NDArray studentLogits(NDArray images) {
    return student.logits(student.block().forward(parameters, new NDList(images), false));
  }

  private NDArray generate(NDManager scope, int from, int to) {
    NDArray latent =
        scope.create(
            java.nio.FloatBuffer.wrap(
                probeLatent, from * generator.latentSize(), (to - from) * generator.latentSize()),
            new Shape(to - from, generator.latentSize()));
    return generator.block().forward(parameters, new NDList(latent), false).head();
  }

  /** Measures the probe, and the test split when {@code test} is true. */
  Measures measure(boolean test) {
    int probe = options.probeImages();
    long[] perClass = new long[classes];
    long agree = 0;
    double distanceSum = 0;
    int pixels = generator.image().size();
    double[] sum = new double[pixels];
    double[] squares = new double[pixels];
    int batch = 128;
    for (int from = 0; from < probe; from += batch) {
      int to = Math.min(from + batch, probe);
      try (NDManager scope = manager.newSubManager()) {
        NDArray images = generate(scope, from, to);
        NDArray teacherLogits = teacherLogits(images);
        NDArray studentLogits = studentLogits(images);
        distanceSum +=
            recipe.studentDistance(studentLogits, teacherLogits).getFloat() * (to - from);
        long[] teacherClasses = teacherLogits.argMax(1).toLongArray();
        long[] studentClasses = studentLogits.argMax(1).toLongArray();
        for (int i = 0; i < teacherClasses.length; i++) {
          perClass[(int) teacherClasses[i]]++;
          agree += teacherClasses[i] == studentClasses[i] ? 1 : 0;
        }
        float[] values = images.toFloatArray();
        for (int i = 0; i < values.length; i++) {
          sum[i % pixels] += values[i];
          squares[i % pixels] += (double) values[i] * values[i];
        }
      }
    }
    int coverage = 0;
    for (long count : perClass) {
      coverage += count * classes * 10L >= probe ? 1 : 0;
    }
    double diversity = 0;
    for (int i = 0; i < pixels; i++) {
      double mean = sum[i] / probe;
      diversity += Math.sqrt(Math.max(0, squares[i] / probe - mean * mean));
    }
    diversity /= pixels;
    double testAccuracy = Double.NaN;
    double testAgreement = Double.NaN;
    if (test) {
      ImageSplit split = context.testSplit();
      int[] predicted = Predictions.classes(this::studentLogits, split, manager, 500);
      int correct = 0;
      int same = 0;
      for (int i = 0; i < predicted.length; i++) {
        correct += predicted[i] == split.labels()[i] ? 1 : 0;
        same += predicted[i] == teacherOnTest[i] ? 1 : 0;
      }
      testAccuracy = predicted.length == 0 ? Double.NaN : (double) correct / predicted.length;
      testAgreement = predicted.length == 0 ? Double.NaN : (double) same / predicted.length;
    }
    return new Measures(
        coverage,
        (double) agree / probe,
        distanceSum / probe,
        diversity,
        testAccuracy,
        testAgreement);
  }

  /** The loop's epoch-end check: measures, draws, judges. */
  AdversarialLoop.Verdict judge(int epoch, Map<String, Double> meanLosses) {
    boolean last = epoch == options.epochs();
    Measures measures = measure(last || epoch % options.evaluateEvery() == 0);
    if (last || epoch % options.imageEvery() == 0) {
      writeGrid(epoch);
    }
    Map<String, Double> figures = new LinkedHashMap<>();
    figures.put("coverage.classes", (double) measures.coverage());
    figures.put("agreement.generated", measures.generatedAgreement());
    if (!Double.isNaN(measures.testAccuracy())) {
      figures.put("accuracy.test", measures.testAccuracy());
      figures.put("agreement.test", measures.testAgreement());
    }
    context
        .monitor()
        .progress(
            "epoch " + epoch + "/" + options.epochs(),
            options.iterationsPerEpoch(),
            options.iterationsPerEpoch(),
            figures);
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("generated_class_coverage", measures.coverage());
    record.put("generated_agreement", measures.generatedAgreement());
    record.put("generated_distance", measures.distance());
    record.put("generated_diversity", measures.diversity());
    if (!Double.isNaN(measures.testAccuracy())) {
      record.put("test_accuracy", measures.testAccuracy());
      record.put("test_agreement", measures.testAgreement());
    }
    String reason = collapse(measures);
    if (reason == null) {
      return AdversarialLoop.Verdict.healthy(record);
    }
    return new AdversarialLoop.Verdict(true, reason, record);
  }

  /** Why the probe counts as collapsed, or null. */
  String collapse(Measures measures) {
    if (measures.coverage() < minClasses) {
      return "the teacher sees "
          + measures.coverage()
          + " of "
          + classes
          + " classes in the generated probe (min-classes "
          + minClasses
          + ")";
    }
    if (measures.distance() < options.collapse().minDistance()) {
      return String.format(
          "the student's distance to the teacher on generated images fell to %.3g (min-distance"
              + " %.3g): the generator makes only images the student already matches",
          measures.distance(), options.collapse().minDistance());
    }
    if (measures.diversity() < MIN_DIVERSITY) {
      return String.format(
          "the generated images no longer differ (mean per-pixel standard deviation %.3g)",
          measures.diversity());
    }
    return null;
  }

  /** Draws the first {@link #GRID_IMAGES} probe images as {@code images/epoch-NNNN.png}. */
  void writeGrid(int epoch) {
    int count = Math.min(GRID_IMAGES, options.probeImages());
    float[] values;
    try (NDManager scope = manager.newSubManager()) {
      values = generate(scope, 0, count).toFloatArray();
    }
    GeneratedImageGrid.write(
        values,
        generator.image(),
        8,
        2,
        imagesDirectory().resolve(String.format("epoch-%04d.png", epoch)));
  }

  private Path imagesDirectory() {
    return context.stageDirectory().resolve("images");
  }

  /** The grids written so far, relative to the run directory, in epoch order. */
  List<String> grids() {
    if (!Files.isDirectory(imagesDirectory())) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(imagesDirectory())) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".png"))
          .sorted()
          .map(p -> context.runDirectory().relativize(p).toString())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
