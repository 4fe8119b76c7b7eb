package dev.distillery.report;

import dev.distillery.spi.StageReplicas;
import dev.distillery.spi.StageRuns;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One run in {@code distillery runs RUN_DIR --json} and {@code distillery runs compare --json}: its
 * stages, its epochs and what its evaluation measured. Field names are kebab-case and always
 * present (null where there is no value); accuracies and agreements are shares (0–1), gains are
 * percentage points.
 *
 * @param pipeline the pipeline name
 * @param runId the run id
 * @param status the run's status ({@code running}, {@code succeeded}, {@code failed}, ...)
 * @param path the run directory, absolute
 * @param createdAt when the run was created
 * @param updatedAt when run.json was last written
 * @param stages every stage (each run of a repeated stage) in run.json's order
 * @param epochs every epoch record of metrics.jsonl, in stage order then epoch order
 * @param evaluation what the evaluate stage measured (null before it wrote report.json)
 */
public record RunDetails(
    String pipeline,
    String runId,
    String status,
    String path,
    String createdAt,
    String updatedAt,
    List<Stage> stages,
    List<Epoch> epochs,
    Evaluation evaluation) {

  /**
   * A stage of the run.
   *
   * @param id the stage id ({@code student-kd.2} for run 2 of a repeated stage)
   * @param plugin the stage plugin ({@code uses})
   * @param status {@code pending}, {@code running}, {@code succeeded}, {@code failed} or {@code
   *     cancelled}
   * @param seconds how long it ran (null before it ended)
   * @param attempts how many times it started
   * @param message why it failed (null otherwise)
   */
  public record Stage(
      String id, String plugin, String status, Double seconds, int attempts, String message) {}

  /**
   * One epoch of a training stage.
   *
   * @param stage the stage id
   * @param epoch the epoch (1-based)
   * @param epochs the epochs the stage trains
   * @param losses epoch means: {@code total} (the weighted loss) and each unweighted component
   * @param accuracies shares: {@code train}, {@code validation}, and {@code test} or {@code
   *     agreement (<split>)} where the stage measures them
   * @param seconds the epoch's wall time
   * @param samplesPerSecond training throughput
   * @param rssBytes the process's resident set size at the epoch's end
   */
  public record Epoch(
      String stage,
      int epoch,
      Integer epochs,
      Map<String, Double> losses,
      Map<String, Double> accuracies,
      Double seconds,
      Double samplesPerSecond,
      Long rssBytes) {}

  /**
   * What the evaluate stage measured.
   *
   * @param dataset the dataset id
   * @param testImages the test images
   * @param classNames the class names
   * @param teacher the stage agreement is measured against (null if none)
   * @param baseline the stage gains are measured against (null if none)
   * @param confidence the confidence of the gains' intervals
   * @param stages one entry per pipeline stage: its runs' mean top-1 and the gain
   * @param models one entry per evaluated model (per run of a repeated stage)
   */
  public record Evaluation(
      String dataset,
      int testImages,
      List<String> classNames,
      String teacher,
      String baseline,
      double confidence,
      List<StageFigures> stages,
      List<ModelFigures> models) {}

  /**
   * A pipeline stage's evaluation.
   *
   * @param stage the stage id as written in the pipeline
   * @param model the model plugin
   * @param training how it was trained
   * @param runs its run ids
   * @param top1 mean top-1 over its runs (share)
   * @param top1Sd sample standard deviation of top-1 (null for one run)
   * @param agreement mean agreement with the teacher (null without one)
   * @param gain the gain over the baseline (null without one, and for the baseline)
   */
  public record StageFigures(
      String stage,
      String model,
      String training,
      List<String> runs,
      double top1,
      Double top1Sd,
      Double agreement,
      StageRuns.Gain gain) {}

  /**
   * One evaluated model.
   *
   * @param stage the stage id of its run
   * @param model the model plugin
   * @param training how it was trained
   * @param top1 top-1 (share)
   * @param agreement agreement with the teacher (null without one)
   * @param gainPoints top-1 minus the baseline's, points (null without one)
   * @param parameters trainable parameters
   * @param multiplyAccumulates multiply-accumulates per image
   * @param latencyBatch1Ms median forward time at batch 1
   * @param latencyBatch64Ms median forward time at batch 64
   */
  public record ModelFigures(
      String stage,
      String model,
      String training,
      double top1,
      Double agreement,
      Double gainPoints,
      long parameters,
      long multiplyAccumulates,
      double latencyBatch1Ms,
      double latencyBatch64Ms) {}

  /** The details of a run as read. */
  public static RunDetails of(RunSnapshot run) {
    List<Stage> stages = new ArrayList<>();
    run.state()
        .stages
        .forEach(
            (id, record) ->
                stages.add(
                    new Stage(
                        id,
                        run.plugins().get(StageReplicas.stageOf(id)),
                        record.status == null
                            ? null
                            : record.status.name().toLowerCase(Locale.ROOT),
                        record.seconds,
                        record.attempts,
                        record.message)));
    List<Epoch> epochs = new ArrayList<>();
    for (TrainingCurves curves : run.curves().values()) {
      Map<String, java.util.SortedMap<Integer, Double>> losses = curves.losses();
      Map<String, java.util.SortedMap<Integer, Double>> accuracies = curves.accuracies();
      curves
          .epochs()
          .forEach(
              (epoch, figures) ->
                  epochs.add(
                      new Epoch(
                          curves.stage(),
                          epoch,
                          figures.containsKey("epochs") ? figures.get("epochs").intValue() : null,
                          at(losses, epoch),
                          at(accuracies, epoch),
                          figures.get("seconds"),
                          figures.containsKey("samples_per_second")
                              ? figures.get("samples_per_second")
                              : figures.get("latent_per_second"),
                          figures.containsKey("rss_bytes")
                              ? figures.get("rss_bytes").longValue()
                              : null)));
    }
    return new RunDetails(
        run.state().pipeline,
        run.directory().runId(),
        run.state().status,
        run.directory().path().toString(),
        run.state().createdAt,
        run.state().updatedAt,
        stages,
        epochs,
        run.evaluation() == null ? null : evaluation(run.evaluation()));
  }

  private static Map<String, Double> at(
      Map<String, java.util.SortedMap<Integer, Double>> curves, int epoch) {
    Map<String, Double> values = new LinkedHashMap<>();
    curves.forEach(
        (name, curve) -> {
          if (curve.containsKey(epoch)) {
            values.put(name, curve.get(epoch));
          }
        });
    return values;
  }

  private static Evaluation evaluation(EvaluationResults results) {
    List<StageFigures> stages = new ArrayList<>();
    for (StageRuns stage : results.stages()) {
      stages.add(
          new StageFigures(
              stage.stage(),
              stage.architecture(),
              stage.training(),
              stage.runs(),
              stage.mean(),
              stage.standardDeviation(),
              stage.agreement(),
              stage.gain()));
    }
    List<ModelFigures> models = new ArrayList<>();
    for (EvaluationResults.Model model : results.models()) {
      models.add(
          new ModelFigures(
              model.stage(),
              model.architecture(),
              model.training(),
              model.accuracy(),
              model.agreement(),
              model.gainPoints(),
              model.parameters(),
              model.multiplyAccumulates(),
              model.latencyBatch1Ms(),
              model.latencyBatch64Ms()));
    }
    return new RunDetails.Evaluation(
        results.dataset(),
        results.testImages(),
        results.classNames(),
        results.teacherStage(),
        results.baselineStage(),
        results.confidence(),
        stages,
        models);
  }
}
