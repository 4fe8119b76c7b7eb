package dev.distillery.stages;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.distillery.spi.ImageSplit;
import dev.distillery.spi.Network;
import dev.distillery.spi.Preflight;
import dev.distillery.spi.StageContext;
import dev.distillery.spi.StageOptionProblems;
import dev.distillery.spi.StageReplicas;
import dev.distillery.spi.StageRuns;
import dev.distillery.spi.StageValidation;
import dev.distillery.spi.UserException;
import dev.distillery.training.Predictions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The omitted-class experiment of Hinton, Vinyals and Dean (2015, "Distilling the Knowledge in a
 * Neural Network", section 3): a student distilled on a transfer set without a single image of one
 * class still learns that class from the teacher's soft targets on the other images, but its logit
 * for the class stays too low, as no target ever asked for the class outright. Raising that logit
 * by a constant (the class's bias) recovers much of it: on MNIST without 3s the paper's student got
 * 98.6 % of the test 3s right after a bias of +3.5.
 *
 * <p>For every model the {@code evaluate} stage measures, with {@code omitted-class: k}:
 *
 * <ol>
 *   <li>test accuracy on class {@code k} and overall, as the model is;
 *   <li>the bias {@code b} added to logit {@code k}: of the grid {@code b = 0, 0.05, 0.10, …}, the
 *       value with the highest accuracy on the <em>validation</em> split (which keeps every class;
 *       the smallest such value on ties, so a model that needs no correction gets 0). The grid runs
 *       to the first step past the largest shift any validation image needs to be classified as
 *       {@code k} (at most 1,000), so it covers every shift at which a validation prediction
 *       changes, to within the step. The test split never chooses {@code b} (the paper chose its
 *       3.5 on the test set);
 *   <li>test accuracy on class {@code k} and overall with logit {@code k} raised by {@code b}.
 * </ol>
 *
 * A prediction is the first largest logit, as {@code argMax} picks it.
 */
public final class OmittedClassCorrection {

  /** The step of the grid of biases, in logit units. */
  public static final double STEP = 0.05;

  /** The most grid steps (a bias of 1,000). */
  static final int MAX_STEPS = 20_000;

  private OmittedClassCorrection() {}

  /**
   * The omitted-class figures of one model, as written to report.json.
   *
   * @param omittedClass the class id
   * @param className its name
   * @param trainingImages images of the class the model trained on (null when its stage did not
   *     say: not a training stage, or one from before transfer sets)
   * @param testImages test images of the class
   * @param testClassCorrect of them classified correctly before the correction
   * @param testClassAccuracy their share
   * @param testAccuracy top-1 accuracy on the whole test split before the correction
   * @param bias the bias {@code b} added to the class's logit, chosen on the validation split
   * @param validationImages validation images (all classes) that chose it
   * @param validationClassImages of them of the class
   * @param validationAccuracy validation top-1 accuracy before the correction
   * @param validationAccuracyAfter validation top-1 accuracy after it (the maximum over the grid)
   * @param testClassCorrectAfter test images of the class classified correctly after it
   * @param testClassAccuracyAfter their share
   * @param testAccuracyAfter top-1 accuracy on the whole test split after it
   */
  public record Result(
      int omittedClass,
      String className,
      Integer trainingImages,
      int testImages,
      int testClassCorrect,
      double testClassAccuracy,
      double testAccuracy,
      double bias,
      int validationImages,
      int validationClassImages,
      double validationAccuracy,
      double validationAccuracyAfter,
      int testClassCorrectAfter,
      double testClassAccuracyAfter,
      double testAccuracyAfter) {}

  /** Checks before the data is known: a class id is not negative. */
  static void validate(Integer omittedClass, StageValidation validation) {
    if (omittedClass != null && omittedClass < 0) {
      validation.error(
          "omitted-class",
          "omitted-class must be a class id of the dataset (0 to its class count less one), got "
              + omittedClass);
    }
  }

  /**
   * Checks once the data is known: the class exists, and the validation split that chooses the bias
   * holds images of it.
   */
  static void preflight(Integer omittedClass, Preflight preflight) {
    if (omittedClass == null) {
      return;
    }
    int classes = preflight.input().classes();
    String problem = null;
    if (omittedClass < 0 || omittedClass >= classes) {
      problem =
          "omitted-class is "
              + omittedClass
              + ", but the dataset has "
              + classes
              + " classes: ids 0 to "
              + (classes - 1);
    } else if (preflight.trainingLabels().length > 0) {
      int[] validation = preflight.validationLabels();
      long ofClass = java.util.Arrays.stream(validation).filter(l -> l == omittedClass).count();
      if (validation.length == 0) {
        problem =
            "omitted-class chooses the bias of class "
                + omittedClass
                + " on the validation split, and the pipeline holds out no validation images:"
                + " set dataset.validation, e.g. 0.1 (the test split never chooses it)";
      } else if (ofClass == 0) {
        problem =
            "omitted-class chooses the bias of class "
                + omittedClass
                + " on the validation split, whose "
                + validation.length
                + " images hold none of class "
                + omittedClass
                + ": hold out more images (dataset.validation) or raise dataset.limit";
      }
    }
    if (problem != null) {
      throw new StageOptionProblems(
          List.of(new StageOptionProblems.Problem("/omitted-class", problem)));
    }
  }

  /**
   * Measures one model: accuracies before, the bias chosen on the validation split, accuracies
   * after.
   *
   * @param trainingImages images of the class the model trained on, if known
   */
  static Result measure(
      StageContext context,
      Network network,
      ParameterStore store,
      NDManager manager,
      int omittedClass,
      Integer trainingImages,
      int batchSize) {
    ImageSplit validation = context.validationSplit();
    ImageSplit test = context.testSplit();
    int classes = context.dataset().input().classes();
    long validationOfClass =
        java.util.Arrays.stream(validation.labels()).filter(l -> l == omittedClass).count();
    if (validationOfClass == 0) {
      throw new UserException(
          "omitted-class "
              + omittedClass
              + ": the validation split ("
              + validation.count()
              + " images) holds no image of the class, so no bias can be chosen on it; set"
              + " dataset.validation (e.g. 0.1) so that it does");
    }
    java.util.function.Function<ai.djl.ndarray.NDArray, ai.djl.ndarray.NDArray> logits =
        images -> network.logits(network.block().forward(store, new NDList(images), false));
    float[] validationLogits = Predictions.logits(logits, validation, classes, manager, batchSize);
    float[] testLogits = Predictions.logits(logits, test, classes, manager, batchSize);
    return correct(
        validationLogits,
        validation.labels(),
        testLogits,
        test.labels(),
        classes,
        omittedClass,
        context.dataset().classNames().get(omittedClass),
        trainingImages);
  }

  /** The figures from the logits of the validation and test images (row-major). */
  static Result correct(
      float[] validationLogits,
      int[] validationLabels,
      float[] testLogits,
      int[] testLabels,
      int classes,
      int omittedClass,
      String className,
      Integer trainingImages) {
    Shift onValidation = new Shift(validationLogits, validationLabels, classes, omittedClass);
    Shift onTest = new Shift(testLogits, testLabels, classes, omittedClass);
    double bias = onValidation.bestBias();
    Score validationBefore = onValidation.score(0);
    Score validationAfter = onValidation.score(bias);
    Score before = onTest.score(0);
    Score after = onTest.score(bias);
    return new Result(
        omittedClass,
        className,
        trainingImages,
        before.classCount(),
        before.classCorrect(),
        before.classAccuracy(),
        before.accuracy(),
        bias,
        validationLabels.length,
        validationBefore.classCount(),
        validationBefore.accuracy(),
        validationAfter.accuracy(),
        after.classCorrect(),
        after.classAccuracy(),
        after.accuracy());
  }

  /**
   * Correct predictions with the class's logit raised by some bias.
   *
   * @param correct images classified correctly
   * @param count images
   * @param classCorrect images of the class classified correctly
   * @param classCount images of the class
   */
  record Score(int correct, int count, int classCorrect, int classCount) {

    double accuracy() {
      return count == 0 ? Double.NaN : (double) correct / count;
    }

    double classAccuracy() {
      return classCount == 0 ? Double.NaN : (double) classCorrect / classCount;
    }
  }

  /**
   * The predictions of a set of images as functions of the bias {@code b} added to logit {@code k}:
   * image {@code i} is classified as {@code k} when {@code z_ik + b} beats the best other logit (or
   * equals it and {@code k} comes first), and as that other class otherwise.
   */
  static final class Shift {
    private final int[] labels;
    private final int omittedClass;
    private final double[] own;
    private final double[] bestOther;
    private final int[] bestOtherClass;

    Shift(float[] logits, int[] labels, int classes, int omittedClass) {
      if (logits.length != labels.length * classes) {
        throw new IllegalArgumentException(
            logits.length + " logits for " + labels.length + " images of " + classes + " classes");
      }
      this.labels = labels;
      this.omittedClass = omittedClass;
      int n = labels.length;
      own = new double[n];
      bestOther = new double[n];
      bestOtherClass = new int[n];
      for (int i = 0; i < n; i++) {
        int best = -1;
        float value = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
          float z = logits[i * classes + c];
          if (c != omittedClass && (best < 0 || z > value)) {
            best = c;
            value = z;
          }
        }
        own[i] = logits[i * classes + omittedClass];
        bestOther[i] = value;
        bestOtherClass[i] = best;
      }
    }

    int predicted(int i, double bias) {
      double shifted = own[i] + bias;
      return shifted > bestOther[i] || (shifted == bestOther[i] && omittedClass < bestOtherClass[i])
          ? omittedClass
          : bestOtherClass[i];
    }

    Score score(double bias) {
      int correct = 0;
      int classCorrect = 0;
      int classCount = 0;
      for (int i = 0; i < labels.length; i++) {
        boolean right = predicted(i, bias) == labels[i];
        correct += right ? 1 : 0;
        if (labels[i] == omittedClass) {
          classCount++;
          classCorrect += right ? 1 : 0;
        }
      }
      return new Score(correct, labels.length, classCorrect, classCount);
    }

    /** The grid's steps: to the first one past the largest shift an image needs. */
    int steps() {
      double largest = 0;
      for (int i = 0; i < labels.length; i++) {
        largest = Math.max(largest, bestOther[i] - own[i]);
      }
      return (int) Math.min(MAX_STEPS, Math.floor(largest / STEP) + 1);
    }

    /** The bias of the grid with the most correct predictions; the smallest on ties. */
    double bestBias() {
      int bestStep = 0;
      int bestCorrect = score(0).correct();
      int steps = steps();
      for (int step = 1; step <= steps; step++) {
        int correct = score(step * STEP).correct();
        if (correct > bestCorrect) {
          bestCorrect = correct;
          bestStep = step;
        }
      }
      return bestStep * STEP;
    }
  }

  /** Headline figures for the evaluate stage's result, by stage. */
  static Map<String, Double> summary(List<ModelReport> models) {
    Map<String, Double> summary = new LinkedHashMap<>();
    for (ModelReport model : models) {
      Result r = model.omittedClass;
      if (r == null) {
        continue;
      }
      String prefix = model.stage() + ".omitted-class.";
      summary.put(prefix + "bias", r.bias());
      summary.put(prefix + "test.class-accuracy", r.testClassAccuracy());
      summary.put(prefix + "test.class-accuracy-after", r.testClassAccuracyAfter());
      summary.put(prefix + "test.accuracy-after", r.testAccuracyAfter());
    }
    return summary;
  }

  /** The report's omitted-class section (Markdown), empty without the option. */
  static String markdown(List<ModelReport> models) {
    List<ModelReport> measured = new ArrayList<>();
    for (ModelReport model : models) {
      if (model.omittedClass != null) {
        measured.add(model);
      }
    }
    if (measured.isEmpty()) {
      return "";
    }
    Result first = measured.get(0).omittedClass;
    int k = first.omittedClass();
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "### Omitted class %d (%s)%n%n"
                + "Test accuracy on class %d (%,d images) and overall, before and after adding a"
                + " bias b to the class's logit (Hinton et al. 2015). b is chosen on the %,d"
                + " validation images (all classes, %,d of class %d) as the value of the grid 0,"
                + " %.2f, %.2f, … with the highest validation accuracy (the smallest on ties);"
                + " the test split does not choose it.%n%n",
            k,
            first.className(),
            k,
            first.testImages(),
            first.validationImages(),
            first.validationClassImages(),
            k,
            STEP,
            2 * STEP));
    out.append("| stage | class-").append(k).append(" training images | class ").append(k);
    out.append(" % | top-1 % | b | class ").append(k).append(" % after b | top-1 % after b |");
    out.append(" validation top-1 % before → after |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (ModelReport model : measured) {
      Result r = model.omittedClass;
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.2f (%,d/%,d) | %.2f | %.2f | %.2f (%,d/%,d) | %.2f | %.2f → %.2f |%n",
              model.stage(),
              r.trainingImages() == null
                  ? "–"
                  : String.format(Locale.ROOT, "%,d", r.trainingImages()),
              100 * r.testClassAccuracy(),
              r.testClassCorrect(),
              r.testImages(),
              100 * r.testAccuracy(),
              r.bias(),
              100 * r.testClassAccuracyAfter(),
              r.testClassCorrectAfter(),
              r.testImages(),
              100 * r.testAccuracyAfter(),
              100 * r.validationAccuracy(),
              100 * r.validationAccuracyAfter()));
    }
    out.append('\n');
    Map<String, List<Result>> byStage = new LinkedHashMap<>();
    for (ModelReport model : measured) {
      byStage
          .computeIfAbsent(StageReplicas.stageOf(model.stage()), stage -> new ArrayList<>())
          .add(model.omittedClass);
    }
    if (byStage.values().stream().anyMatch(runs -> runs.size() > 1)) {
      out.append("Over the runs of each stage (mean ± sd; `repeats:`):\n\n");
      out.append("| stage | runs | class ").append(k).append(" % | class ").append(k);
      out.append(" % after b | top-1 % after b |\n|---|---:|---:|---:|---:|\n");
      for (var entry : byStage.entrySet()) {
        List<Result> runs = entry.getValue();
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %s | %s | %s |%n",
                entry.getKey(),
                runs.size(),
                spread(runs.stream().mapToDouble(Result::testClassAccuracy).toArray()),
                spread(runs.stream().mapToDouble(Result::testClassAccuracyAfter).toArray()),
                spread(runs.stream().mapToDouble(Result::testAccuracyAfter).toArray())));
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** "84.97 ± 5.47" in percent, or "84.97" for one value. */
  private static String spread(double[] values) {
    return StageRuns.percentCell(
        SeedStatistics.mean(values), SeedStatistics.standardDeviation(values));
  }
}
