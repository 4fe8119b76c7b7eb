package dev.distillery.report;

import dev.distillery.run.RunDirectory;
import dev.distillery.run.RunState;
import dev.distillery.spi.StageContext;
import dev.distillery.spi.StageReplicas;
import dev.distillery.spi.StageRuns;
import dev.distillery.spi.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code report.html}: one self-contained page per run (it opens offline; charts are inline SVG,
 * image grids are data URIs) with the stages' states, the comparison table of the evaluation, top-1
 * against parameters and latency, each stage's loss and accuracy curves per epoch, per-class
 * accuracy, confusion matrices as heat maps and the image grids generation stages saved.
 *
 * <p>The evaluate stage writes it next to report.md as it finishes; {@code distillery report
 * RUN_DIR} (re)builds it from what the run directory holds at any time, a run in progress included
 * (the page says so at the top).
 */
public final class HtmlReport {

  private static final Logger LOG = LoggerFactory.getLogger(HtmlReport.class);

  /** Image grids shown per stage at most (the first, the last and evenly between). */
  static final int GRIDS_PER_STAGE = 4;

  private final RunSnapshot run;
  private final String writingStage;
  private final Instant writtenAt;
  private final HtmlPage page;

  private HtmlReport(RunSnapshot run, String writingStage, Instant writtenAt) {
    this.run = run;
    this.writingStage = writingStage;
    this.writtenAt = writtenAt;
    this.page = new HtmlPage("Distillery run " + run.state().runId + " · " + run.state().pipeline);
  }

  /**
   * Reads a run directory and writes its report (atomically: a reader never sees half a file).
   *
   * @param runDirectory the run directory
   * @param output the file to write, e.g. {@code RUN_DIR/report.html}
   * @param writingStage the stage writing the report as it finishes (counted as ending, not as
   *     still running), or null when the report is built from outside the run
   * @return what the report was built from
   * @throws dev.distillery.spi.UserException when {@code runDirectory} is not a run directory
   */
  public static RunSnapshot write(Path runDirectory, Path output, String writingStage) {
    RunSnapshot run = RunSnapshot.read(runDirectory);
    String html = render(run, writingStage, Instant.now());
    try {
      Path parent = output.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path temporary = output.resolveSibling(output.getFileName() + ".tmp");
      Files.writeString(temporary, html);
      Files.move(
          temporary, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UserException(
          "cannot write '"
              + output
              + "' ("
              + describe(e)
              + "); check that its directory exists and is writable, or choose another file",
          e);
    }
    return run;
  }

  /**
   * Writes {@code report.html} as a stage that makes a report ends (evaluate, evaluate-generators):
   * that stage counts as ending, not as running. A page that cannot be written is logged as a
   * warning, not a failed stage: the stage's measurements are in its JSON files, and {@code
   * distillery report RUN_DIR} builds the page again.
   */
  public static void writeAsStageEnds(StageContext context) {
    Path output = new RunDirectory(context.runDirectory()).reportHtml();
    try {
      write(context.runDirectory(), output, context.stageId());
    } catch (RuntimeException e) {
      LOG.warn(
          "report.html not written ({}); build it with `distillery report {}`",
          e.toString(),
          context.runDirectory(),
          e);
    }
  }

  /** The report of a run as read. */
  public static String render(RunSnapshot run, String writingStage, Instant writtenAt) {
    return new HtmlReport(run, writingStage, writtenAt).html();
  }

  private String html() {
    RunState state = run.state();
    page.heading(1, null, "Run " + state.runId + " of pipeline " + state.pipeline);
    EvaluationResults evaluation = run.evaluation();
    page.paragraph(
        "meta",
        "status: "
            + effectiveStatus()
            + " · created "
            + nullToDash(state.createdAt)
            + " · last update "
            + nullToDash(state.updatedAt)
            + (evaluation == null
                ? ""
                : String.format(
                    Locale.ROOT,
                    " · dataset %s, %,d test images",
                    evaluation.dataset(),
                    evaluation.testImages())));
    page.paragraph(
        "meta", "directory: " + run.directory().path() + " · report written " + writtenAt);
    banners();
    page.raw(
        "<nav><ul><li><a href=\"#stages\">Stages</a></li><li><a href=\"#comparison\">Comparison</a>"
            + "</li><li><a href=\"#accuracy-vs-size\">Accuracy vs size</a></li><li><a"
            + " href=\"#training\">Training curves</a></li><li><a href=\"#per-class\">Per-class"
            + " accuracy</a></li><li><a href=\"#confusion\">Confusion matrices</a></li>"
            + (run.generators() == null ? "" : "<li><a href=\"#generators\">Generators</a></li>")
            + "<li><a href=\"#images\">Generated images</a></li></ul></nav>\n");
    stages();
    comparison();
    accuracyAgainstSize();
    trainingCurves();
    perClassAccuracy();
    confusionMatrices();
    generators();
    generatedImages();
    page.raw(
        "<footer><p class=\"note\">Written by Distillery from run.json, metrics.jsonl,"
            + " report.json and the stage directories; <code>distillery report "
            + HtmlPage.escape(run.directory().path().toString())
            + "</code> writes it again.</p></footer>\n");
    return page.html();
  }

  private String effectiveStatus() {
    if (writingStage != null && !run.inProgress(writingStage)) {
      return run.failedStages().isEmpty()
          ? "ending (written by stage " + writingStage + ")"
          : "failed";
    }
    return nullToDash(run.state().status);
  }

  private void banners() {
    if (run.inProgress(writingStage)) {
      List<String> running = new ArrayList<>();
      List<String> pending = new ArrayList<>();
      run.state()
          .stages
          .forEach(
              (id, record) -> {
                if (id.equals(writingStage) || record.status == null) {
                  return;
                }
                switch (record.status) {
                  case RUNNING -> running.add(id);
                  case PENDING -> pending.add(id);
                  default -> {}
                }
              });
      StringBuilder text = new StringBuilder("This run is still in progress");
      if (!running.isEmpty()) {
        text.append(": running ").append(String.join(", ", running));
      }
      if (!pending.isEmpty()) {
        text.append(running.isEmpty() ? ": " : "; ")
            .append("pending ")
            .append(String.join(", ", pending));
      }
      text.append(
          ". The report shows what exists now (finished epochs, results written so far); build it"
              + " again when the run has ended with `distillery report "
              + run.directory().path()
              + "`. (A run whose process was killed also reads as in progress:"
              + " `distillery resume` continues it.)");
      page.raw(
          "<p class=\"banner progress\" id=\"in-progress\">" + code(text.toString()) + "</p>\n");
    }
    run.failedStages()
        .forEach(
            (stage, message) ->
                page.raw(
                    "<p class=\"banner failed\">Stage <code>"
                        + HtmlPage.escape(stage)
                        + "</code> failed: "
                        + HtmlPage.escape(message)
                        + "</p>\n"));
    if ("interrupted".equals(run.state().status)) {
      page.raw(
          "<p class=\"banner interrupted\">The run was interrupted; <code>distillery resume "
              + HtmlPage.escape(run.directory().path().toString())
              + "</code> continues it.</p>\n");
    }
    for (String note : run.notes()) {
      page.paragraph("note", note);
    }
  }

  private void stages() {
    page.heading(2, "stages", "Stages");
    List<List<String>> rows = new ArrayList<>();
    run.state()
        .stages
        .forEach(
            (id, record) -> {
              String status =
                  record.status == null ? "–" : record.status.name().toLowerCase(Locale.ROOT);
              if (id.equals(writingStage) && record.status != null && !record.status.isTerminal()) {
                status = "ending (writing this report)";
              }
              rows.add(
                  List.of(
                      id,
                      run.plugins().getOrDefault(StageReplicas.stageOf(id), "–"),
                      status,
                      record.seconds == null
                          ? "–"
                          : String.format(Locale.ROOT, "%.1f", record.seconds),
                      Integer.toString(record.attempts),
                      record.message == null ? "" : record.message));
            });
    page.table(
        "stage-table",
        List.of("stage", "plugin", "status", "seconds", "attempts", "message"),
        rows,
        Set.of(3, 4),
        2);
  }

  private void comparison() {
    page.heading(2, "comparison", "Comparison");
    EvaluationResults evaluation = run.evaluation();
    if (evaluation == null) {
      page.paragraph("note", noEvaluation());
      return;
    }
    String teacher =
        evaluation.teacherStage() == null
            ? ""
            : " Agreement: share of test images where the model's top-1 class equals that of"
                + " stage "
                + evaluation.teacherStage()
                + ".";
    page.paragraph(
        "note",
        String.format(
                Locale.ROOT,
                "Top-1 on the %,d test images of %s.",
                evaluation.testImages(),
                evaluation.dataset())
            + teacher);
    ComparisonTables tables = new ComparisonTables(evaluation);
    if (evaluation.repeated()) {
      page.table(
          "comparison-table", tables.stageHeaders(), tables.stageRows(), tables.stageNumeric());
      page.paragraph(
          "note",
          String.format(
              Locale.ROOT,
              "Stages with repeats ran once per seed: top-1 is the mean ± sample standard deviation"
                  + " of their runs; a gain is the difference of means with its %.0f %%"
                  + " confidence interval from Welch's t-test; \"not resolved\" marks an interval"
                  + " that includes 0. Size and latency are those of run 1.",
              100 * evaluation.confidence()));
      page.heading(3, "runs", "Every run");
    }
    page.table(
        evaluation.repeated() ? "run-table" : "comparison-table",
        tables.runHeaders(),
        tables.runRows(),
        tables.runNumeric());
  }

  private void accuracyAgainstSize() {
    page.heading(2, "accuracy-vs-size", "Accuracy against size and latency");
    EvaluationResults evaluation = run.evaluation();
    if (evaluation == null || evaluation.stages().isEmpty()) {
      page.paragraph("note", noEvaluation());
      return;
    }
    Map<String, double[]> byParameters = new LinkedHashMap<>();
    Map<String, double[]> byLatency = new LinkedHashMap<>();
    for (StageRuns stage : evaluation.stages()) {
      EvaluationResults.Model first = evaluation.firstRun(stage);
      if (first == null) {
        continue;
      }
      double sd = stage.standardDeviation() == null ? 0 : 100 * stage.standardDeviation();
      byParameters.put(stage.stage(), new double[] {first.parameters(), 100 * stage.mean(), sd});
      byLatency.put(stage.stage(), new double[] {first.latencyBatch1Ms(), 100 * stage.mean(), sd});
    }
    page.raw("<div class=\"charts\">\n");
    page.chart(
        "accuracy-vs-parameters",
        ReportCharts.svg(
            ReportCharts.accuracyAgainst(
                "Top-1 against trainable parameters", "parameters", byParameters),
            560,
            380,
            page.nextChartId()));
    page.chart(
        "accuracy-vs-latency",
        ReportCharts.svg(
            ReportCharts.accuracyAgainst(
                "Top-1 against latency (batch 1, run 1)", "latency at batch 1, ms", byLatency),
            560,
            380,
            page.nextChartId()));
    page.raw("</div>\n");
  }

  /** Why there is no comparison: no evaluate stage in the pipeline, or it has not ended. */
  private String noEvaluation() {
    if (!run.plugins().isEmpty() && !run.plugins().containsValue("evaluate")) {
      return "No evaluation: this pipeline has no evaluate stage"
          + (run.generators() == null ? "." : " (its generators are measured under Generators).");
    }
    return "No evaluation yet: an evaluate stage writes report.json (and these tables and charts)"
        + " when it has measured the models of the stages it needs.";
  }

  private void trainingCurves() {
    page.heading(2, "training", "Training curves");
    if (run.curves().isEmpty()) {
      page.paragraph("note", "No stage has finished an epoch yet.");
      return;
    }
    page.paragraph(
        "note",
        "One point per epoch, from the epoch records of metrics.jsonl: the total loss is the"
            + " weighted sum the optimizer minimised (its epoch mean); each component (ce, kd,"
            + " …) is unweighted, also the epoch mean. A repeated stage's runs share a chart, one"
            + " dash pattern per run.");
    // the runs of a repeated stage (student-kd, student-kd.2, ...) share its charts
    Map<String, Map<String, TrainingCurves>> byStage = new LinkedHashMap<>();
    run.curves()
        .forEach(
            (id, curves) ->
                byStage
                    .computeIfAbsent(StageReplicas.stageOf(id), s -> new LinkedHashMap<>())
                    .put(id, curves));
    for (var stage : byStage.entrySet()) {
      Map<String, Map<String, SortedMap<Integer, Double>>> losses = new LinkedHashMap<>();
      Map<String, Map<String, SortedMap<Integer, Double>>> accuracies = new LinkedHashMap<>();
      int epochs = 0;
      int planned = 0;
      for (var runCurves : stage.getValue().entrySet()) {
        TrainingCurves curves = runCurves.getValue();
        if (!curves.losses().isEmpty()) {
          losses.put(runCurves.getKey(), curves.losses());
        }
        if (!curves.accuracies().isEmpty()) {
          accuracies.put(runCurves.getKey(), curves.accuracies());
        }
        epochs = Math.max(epochs, curves.epochs().isEmpty() ? 0 : curves.epochs().lastKey());
        planned = Math.max(planned, curves.plannedEpochs());
      }
      String runs = stage.getValue().size() == 1 ? "" : ", " + stage.getValue().size() + " runs";
      page.heading(
          3,
          "training-" + stage.getKey(),
          stage.getKey()
              + " ("
              + run.plugins().getOrDefault(stage.getKey(), "stage")
              + ", "
              + epochs
              + (planned > 0 ? " of " + planned : "")
              + " epochs"
              + runs
              + ")");
      page.raw("<div class=\"charts\">\n");
      if (!losses.isEmpty()) {
        page.chart(
            "loss " + stage.getKey(),
            ReportCharts.svg(
                ReportCharts.epochCurves("Loss: " + stage.getKey(), "loss", losses, false),
                560,
                340,
                page.nextChartId()));
      }
      if (!accuracies.isEmpty()) {
        page.chart(
            "accuracy " + stage.getKey(),
            ReportCharts.svg(
                ReportCharts.epochCurves(
                    "Accuracy: " + stage.getKey(), "accuracy %", accuracies, true),
                560,
                340,
                page.nextChartId()));
      }
      page.raw("</div>\n");
    }
  }

  private void perClassAccuracy() {
    page.heading(2, "per-class", "Per-class accuracy");
    EvaluationResults evaluation = run.evaluation();
    if (evaluation == null) {
      page.paragraph("note", noEvaluation());
      return;
    }
    Map<String, Map<String, Double>> bySeries = new LinkedHashMap<>();
    List<String> headers = new ArrayList<>(List.of("class"));
    for (StageRuns stage : evaluation.stages()) {
      double[] perClass = evaluation.perClassAccuracy(stage);
      Map<String, Double> values = new LinkedHashMap<>();
      for (int c = 0; c < evaluation.classNames().size(); c++) {
        values.put(evaluation.classNames().get(c), 100 * perClass[c]);
      }
      bySeries.put(stage.stage(), values);
      headers.add(stage.stage() + (stage.runs().size() > 1 ? " (mean)" : ""));
    }
    page.chart(
        "per-class-accuracy",
        ReportCharts.svg(
            ReportCharts.bars("Top-1 per true class", "class", "top-1 %", bySeries),
            1100,
            400,
            page.nextChartId()));
    List<List<String>> rows = new ArrayList<>();
    for (int c = 0; c < evaluation.classNames().size(); c++) {
      List<String> row = new ArrayList<>(List.of(evaluation.classNames().get(c)));
      for (Map<String, Double> values : bySeries.values()) {
        row.add(percent(values.get(evaluation.classNames().get(c)) / 100));
      }
      rows.add(row);
    }
    Set<Integer> numeric = new java.util.HashSet<>();
    for (int i = 1; i < headers.size(); i++) {
      numeric.add(i);
    }
    page.table("per-class-table", headers, rows, numeric);
  }

  private void confusionMatrices() {
    page.heading(2, "confusion", "Confusion matrices");
    EvaluationResults evaluation = run.evaluation();
    if (evaluation == null) {
      page.paragraph("note", noEvaluation());
      return;
    }
    page.paragraph(
        "note",
        "Rows: the true class; columns: the predicted class. A cell's colour is the share of the"
            + " true class's test images predicted as that class; the number is the count (summed"
            + " over the runs of a repeated stage).");
    page.raw("<div class=\"charts\">\n");
    int classes = evaluation.classNames().size();
    int size = Math.max(420, Math.min(900, 160 + 40 * classes));
    for (StageRuns stage : evaluation.stages()) {
      String runs = stage.runs().size() > 1 ? " (" + stage.runs().size() + " runs)" : "";
      page.chart(
          "confusion " + stage.stage(),
          ReportCharts.svg(
              ReportCharts.confusion(
                  "Confusion: " + stage.stage() + runs,
                  evaluation.classNames(),
                  evaluation.confusion(stage)),
              size + 80,
              size,
              page.nextChartId()));
    }
    page.raw("</div>\n");
  }

  /** The generator evaluation, when an evaluate-generators stage wrote one. */
  private void generators() {
    GeneratorResults results = run.generators();
    if (results == null) {
      return;
    }
    page.heading(2, "generators", "Generators");
    page.paragraph(
        "note",
        String.format(
            Locale.ROOT,
            "%,d images per generator, measured by the classifier of stage %s (%s). Fréchet"
                + " distance: lower is closer to the test images; two halves of the test split are"
                + " %.2f apart, the floor. Coverage: classes that get at least a tenth of their"
                + " share of the images.",
            results.samples(),
            results.classifier(),
            results.feature(),
            results.testHalfDistance()));
    List<List<String>> rows = new ArrayList<>();
    Map<String, double[]> points = new LinkedHashMap<>();
    for (GeneratorResults.Generator generator : results.generators()) {
      rows.add(
          List.of(
              generator.stage(),
              generator.training(),
              generator.architecture(),
              String.format(Locale.ROOT, "%,d", generator.parameters()),
              String.format(Locale.ROOT, "%,d", generator.multiplyAccumulates()),
              String.format(Locale.ROOT, "%.2f", generator.frechetDistance()),
              Integer.toString(generator.classCoverage()),
              String.format(Locale.ROOT, "%.3f", generator.confidence()),
              Integer.toString(generator.collapses())));
      points.put(
          generator.stage(), new double[] {generator.parameters(), generator.frechetDistance(), 0});
    }
    page.table(
        "generator-table",
        List.of(
            "stage",
            "training",
            "generator",
            "params",
            "MACs",
            "Fréchet distance",
            "classes covered",
            "confidence",
            "collapses"),
        rows,
        Set.of(3, 4, 5, 6, 7, 8));
    page.chart(
        "frechet-vs-parameters",
        ReportCharts.svg(
            ReportCharts.pointsAgainst(
                "Fréchet distance against generator parameters",
                "parameters",
                "Fréchet distance (lower is better)",
                points),
            720,
            400,
            page.nextChartId()));
  }

  private void generatedImages() {
    page.heading(2, "images", "Generated images");
    if (run.imageGrids().isEmpty()) {
      page.paragraph("note", "No stage of this run saved generated images.");
      return;
    }
    for (var entry : run.imageGrids().entrySet()) {
      List<String> files = entry.getValue();
      page.heading(3, null, entry.getKey());
      List<String> shown = spread(files, GRIDS_PER_STAGE);
      page.raw("<div class=\"grids\" data-stage=\"" + HtmlPage.escape(entry.getKey()) + "\">\n");
      for (String file : shown) {
        Path path = run.directory().path().resolve(file);
        byte[] png;
        try {
          png = Files.readAllBytes(path);
        } catch (IOException e) {
          page.paragraph("note", "cannot read " + file + ": " + e.getMessage());
          continue;
        }
        String name = path.getFileName().toString().replace(".png", "");
        String caption =
            name.startsWith("epoch-") ? "epoch " + Integer.parseInt(name.substring(6)) : name;
        page.raw(
            "<figure class=\"grid\"><img alt=\""
                + HtmlPage.escape(entry.getKey() + ", " + caption)
                + "\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png)
                + "\"><figcaption>"
                + HtmlPage.escape(caption)
                + "</figcaption></figure>\n");
      }
      page.raw("</div>\n");
      if (shown.size() < files.size()) {
        page.paragraph(
            "note",
            shown.size()
                + " of "
                + files.size()
                + " grids shown; all are in "
                + Path.of(files.get(0)).getParent()
                + "/");
      }
    }
  }

  /** An I/O failure in words, without the exception's class name. */
  static String describe(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException denied) {
      return "permission denied: " + denied.getFile();
    }
    if (e instanceof java.nio.file.NoSuchFileException missing) {
      return "no such file or directory: " + missing.getFile();
    }
    if (e instanceof java.nio.file.FileSystemException failed && failed.getFile() != null) {
      if (Files.isRegularFile(Path.of(failed.getFile()))) {
        return "a file is in the way: " + failed.getFile();
      }
      return (failed.getReason() == null ? "cannot write" : failed.getReason())
          + ": "
          + failed.getFile();
    }
    return e.getMessage() == null ? "an I/O error" : e.getMessage();
  }

  /** At most {@code count} items: the first, the last and evenly spaced between. */
  static List<String> spread(List<String> items, int count) {
    if (items.size() <= count) {
      return items;
    }
    TreeMap<Integer, String> chosen = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      int index = (int) Math.round((double) i * (items.size() - 1) / (count - 1));
      chosen.put(index, items.get(index));
    }
    return new ArrayList<>(chosen.values());
  }

  /** Text with `code` spans, escaped. */
  private static String code(String text) {
    String[] parts = text.split("`", -1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      String part = HtmlPage.escape(parts[i]);
      out.append(i % 2 == 1 ? "<code>" + part + "</code>" : part);
    }
    return out.toString();
  }

  static String percent(Double share) {
    return share == null || !Double.isFinite(share)
        ? "–"
        : String.format(Locale.ROOT, "%.2f", 100 * share);
  }

  private static String nullToDash(String text) {
    return text == null ? "–" : text;
  }
}
