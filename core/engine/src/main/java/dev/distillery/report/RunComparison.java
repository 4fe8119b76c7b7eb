package dev.distillery.report;

import dev.distillery.spi.StageRuns;
import dev.distillery.spi.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code distillery runs compare RUN_DIR...}: the evaluated stages of several runs side by side, as
 * a terminal table and as a self-contained HTML page with a chart. One row per run and stage: the
 * stage's model, top-1 (mean ± sd over its runs), agreement with the run's teacher and gain over
 * the run's baseline; a run without an evaluation has one row that says so.
 */
public final class RunComparison {

  static final List<String> HEADERS =
      List.of(
          "pipeline",
          "run",
          "status",
          "stage",
          "model",
          "top-1 %",
          "agreement %",
          "gain (points)",
          "params");

  private final List<RunSnapshot> runs;

  public RunComparison(List<RunSnapshot> runs) {
    this.runs = List.copyOf(runs);
  }

  /** Reads each run directory. */
  public static RunComparison read(List<Path> directories) {
    List<RunSnapshot> runs = new ArrayList<>();
    for (Path directory : directories) {
      runs.add(RunSnapshot.read(directory));
    }
    return new RunComparison(runs);
  }

  public List<RunSnapshot> runs() {
    return runs;
  }

  /** The rows: one per run and evaluated stage, or one per run without an evaluation. */
  List<List<String>> rows() {
    List<List<String>> rows = new ArrayList<>();
    for (RunSnapshot run : runs) {
      String pipeline = run.state().pipeline;
      String id = run.directory().runId();
      String status = run.state().status;
      EvaluationResults evaluation = run.evaluation();
      if (evaluation == null || evaluation.stages().isEmpty()) {
        rows.add(
            List.of(
                pipeline, id, status, "(no evaluation: report.json missing)", "", "", "", "", ""));
        continue;
      }
      for (StageRuns stage : evaluation.stages()) {
        EvaluationResults.Model first = evaluation.firstRun(stage);
        String gain;
        if (stage.stage().equals(evaluation.baselineStage())) {
          gain = "baseline";
        } else if (stage.gain() == null) {
          gain = "–";
        } else {
          gain = stage.gain().cell();
        }
        rows.add(
            List.of(
                pipeline,
                id,
                status,
                stage.stage(),
                stage.architecture(),
                stage.accuracyCell(),
                HtmlReport.percent(stage.agreement()),
                gain,
                first == null ? "–" : String.format(Locale.ROOT, "%,d", first.parameters())));
      }
    }
    return rows;
  }

  /** The table for a terminal: columns padded to their widest cell. */
  public String table() {
    List<List<String>> rows = rows();
    int[] widths = new int[HEADERS.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = HEADERS.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, HEADERS, widths);
    for (List<String> row : rows) {
      line(out, row, widths);
    }
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      boolean numeric = i >= 5 && i != 7;
      String pad = " ".repeat(widths[i] - cell.length());
      line.append(numeric ? pad + cell : cell + pad).append(i + 1 < cells.size() ? "  " : "");
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }

  /** The comparison as a self-contained HTML page: the table and top-1 per stage and run. */
  public String html(Instant writtenAt) {
    HtmlPage page = new HtmlPage("Distillery: " + runs.size() + " runs compared");
    page.heading(1, null, "Runs compared");
    page.paragraph("meta", runs.size() + " runs · written " + writtenAt);
    for (RunSnapshot run : runs) {
      if (run.inProgress(null)) {
        page.paragraph(
            "banner progress",
            "Run "
                + run.directory().runId()
                + " of "
                + run.state().pipeline
                + " is still in progress: its figures may change.");
      }
    }
    page.table("comparison-table", HEADERS, rows(), Set.of(5, 6, 8));
    Map<String, Map<String, Double>> bySeries = new LinkedHashMap<>();
    for (RunSnapshot run : runs) {
      EvaluationResults evaluation = run.evaluation();
      if (evaluation == null) {
        continue;
      }
      Map<String, Double> values = new LinkedHashMap<>();
      for (StageRuns stage : evaluation.stages()) {
        values.put(stage.stage(), 100 * stage.mean());
      }
      bySeries.put(run.state().pipeline + " " + run.directory().runId(), values);
    }
    if (bySeries.isEmpty()) {
      page.paragraph("note", "None of these runs has an evaluation (report.json) yet.");
    } else {
      page.chart(
          "top1-by-stage",
          ReportCharts.svg(
              ReportCharts.bars(
                  "Top-1 per stage and run (mean over a stage's runs)",
                  "stage",
                  "top-1 %",
                  bySeries),
              1100,
              420,
              page.nextChartId()));
    }
    page.heading(2, "runs", "Run directories");
    List<List<String>> directories = new ArrayList<>();
    for (RunSnapshot run : runs) {
      directories.add(
          List.of(
              run.state().pipeline, run.directory().runId(), run.directory().path().toString()));
    }
    page.table(null, List.of("pipeline", "run", "directory"), directories, Set.of());
    return page.html();
  }

  /** Writes {@link #html} to {@code file}. */
  public void writeHtml(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Files.writeString(file, html(Instant.now()));
    } catch (IOException e) {
      throw new UserException(
          "cannot write '"
              + file
              + "' ("
              + HtmlReport.describe(e)
              + "); check that its directory exists and is writable, or choose another file",
          e);
    }
  }
}
