package dev.distillery.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.distillery.spi.StageReplicas;
import dev.distillery.spi.StageRuns;
import dev.distillery.spi.UserException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an evaluate stage measured, read from a run's {@code report.json}: the figures the HTML
 * report, {@code distillery runs compare} and {@code runs --json} show. Only the fields they use
 * are bound; the file holds more (exports, omitted-class figures, transfer sets).
 *
 * @param runId the run
 * @param dataset the dataset id
 * @param testImages images in the test split
 * @param classNames the dataset's class names
 * @param teacherStage the stage agreement is measured against (null if none)
 * @param baselineStage the stage gains are measured against (null if none)
 * @param models one entry per evaluated model (per run of a repeated stage)
 * @param confidence the confidence of the gains' intervals
 * @param stages the models grouped by pipeline stage (the type the evaluate stage writes)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EvaluationResults(
    String runId,
    String dataset,
    int testImages,
    List<String> classNames,
    String teacherStage,
    String baselineStage,
    List<Model> models,
    double confidence,
    List<StageRuns> stages) {

  static final ObjectMapper READER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build();

  public EvaluationResults {
    classNames = classNames == null ? List.of() : List.copyOf(classNames);
    models = models == null ? List.of() : List.copyOf(models);
    stages = stages == null || stages.isEmpty() ? stagesOf(models) : List.copyOf(stages);
  }

  /**
   * One evaluated model.
   *
   * @param stage the stage id of its run ({@code student-kd.2} for run 2)
   * @param architecture the model plugin
   * @param training how it was trained ({@code ce}, {@code kd×0.9 + ce×0.1}, {@code imported})
   * @param accuracy top-1 on the test split (0–1)
   * @param perClassAccuracy top-1 per true class (NaN for a class without test images)
   * @param confusion counts, rows the true class and columns the predicted one
   * @param parameters trainable parameters
   * @param multiplyAccumulates multiply-accumulates of one forward pass
   * @param bytesOnDisk size of the parameter file
   * @param latencyBatch1Ms median forward time at batch 1
   * @param latencyBatch64Ms median forward time at batch 64
   * @param agreement share of test images where its top-1 equals the teacher's (null without one)
   * @param gainPoints top-1 minus the baseline's, in points (null without a baseline)
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Model(
      String stage,
      String architecture,
      String training,
      double accuracy,
      double[] perClassAccuracy,
      long[][] confusion,
      long parameters,
      long multiplyAccumulates,
      long bytesOnDisk,
      double latencyBatch1Ms,
      double latencyBatch64Ms,
      Double agreement,
      Double gainPoints) {}

  /** Reads {@code report.json}; a file that is not one is a {@link UserException}. */
  public static EvaluationResults read(Path file) {
    try {
      return READER.readValue(file.toFile(), EvaluationResults.class);
    } catch (IOException e) {
      throw new UserException(
          "cannot read the evaluation report '"
              + file
              + "': "
              + reason(e)
              + "; the evaluate stage writes it again when the run is resumed with"
              + " `distillery resume`",
          e);
    }
  }

  /** Why a JSON file could not be read, in one line (no parser location dump). */
  static String reason(IOException e) {
    String message =
        e instanceof com.fasterxml.jackson.core.JsonProcessingException json
            ? json.getOriginalMessage()
            : e.toString();
    return message == null ? e.getClass().getSimpleName() : message.replace('\n', ' ');
  }

  /** The runs of a stage, in its order. */
  public List<Model> runsOf(StageRuns stage) {
    List<Model> runs = new ArrayList<>();
    for (String id : stage.runs()) {
      models.stream().filter(m -> m.stage().equals(id)).findFirst().ifPresent(runs::add);
    }
    return runs;
  }

  /** Run 1 of a stage: the model whose size and latency the stage's row shows. */
  public Model firstRun(StageRuns stage) {
    List<Model> runs = runsOf(stage);
    return runs.isEmpty() ? null : runs.get(0);
  }

  /** Per-class top-1 of a stage, the mean over its runs. */
  public double[] perClassAccuracy(StageRuns stage) {
    double[] mean = new double[classNames.size()];
    List<Model> runs = runsOf(stage);
    for (Model run : runs) {
      for (int c = 0; c < mean.length && c < run.perClassAccuracy().length; c++) {
        mean[c] += run.perClassAccuracy()[c] / runs.size();
      }
    }
    return mean;
  }

  /** The confusion counts of a stage, summed over its runs. */
  public long[][] confusion(StageRuns stage) {
    int classes = classNames.size();
    long[][] sum = new long[classes][classes];
    for (Model run : runsOf(stage)) {
      for (int r = 0; r < classes && r < run.confusion().length; r++) {
        for (int c = 0; c < classes && c < run.confusion()[r].length; c++) {
          sum[r][c] += run.confusion()[r][c];
        }
      }
    }
    return sum;
  }

  /** Whether any stage ran more than once. */
  public boolean repeated() {
    return stages.stream().anyMatch(s -> s.runs().size() > 1);
  }

  /** Stages from the models alone, for a report written before {@code stages} existed. */
  private static List<StageRuns> stagesOf(List<Model> models) {
    if (models == null) {
      return List.of();
    }
    Map<String, List<Model>> byStage = new LinkedHashMap<>();
    for (Model model : models) {
      byStage
          .computeIfAbsent(StageReplicas.stageOf(model.stage()), s -> new ArrayList<>())
          .add(model);
    }
    List<StageRuns> stages = new ArrayList<>();
    byStage.forEach(
        (stage, runs) -> {
          double[] accuracies = runs.stream().mapToDouble(Model::accuracy).toArray();
          double mean = java.util.Arrays.stream(accuracies).average().orElse(Double.NaN);
          Model first = runs.get(0);
          stages.add(
              new StageRuns(
                  stage,
                  first.architecture(),
                  first.training(),
                  runs.stream().map(Model::stage).toList(),
                  accuracies,
                  mean,
                  null,
                  first.agreement(),
                  first.gainPoints() == null ? null : StageRuns.Gain.untested(first.gainPoints())));
        });
    return stages;
  }
}
