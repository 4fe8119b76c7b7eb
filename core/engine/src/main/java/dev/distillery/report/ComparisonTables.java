package dev.distillery.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The comparison tables of report.md as rows of cells, for report.html: one row per stage (mean ±
 * sd of its runs and the gain over the baseline with its interval) when a stage is repeated, and
 * one row per evaluated model.
 */
final class ComparisonTables {

  private final EvaluationResults evaluation;

  ComparisonTables(EvaluationResults evaluation) {
    this.evaluation = evaluation;
  }

  private boolean gains() {
    return evaluation.baselineStage() != null;
  }

  List<String> stageHeaders() {
    List<String> headers =
        new ArrayList<>(List.of("stage", "runs", "model", "training", "top-1 % (mean ± sd)"));
    if (gains()) {
      headers.add(
          String.format(
              Locale.ROOT,
              "gain vs %s, points [%.0f %% CI]",
              evaluation.baselineStage(),
              100 * evaluation.confidence()));
      headers.add("p");
    }
    headers.addAll(List.of("agreement %", "params", "MACs", "latency b1 ms"));
    return headers;
  }

  Set<Integer> stageNumeric() {
    return gains() ? Set.of(1, 4, 5, 6, 7, 8, 9, 10) : Set.of(1, 4, 5, 6, 7, 8);
  }

  List<List<String>> stageRows() {
    List<List<String>> rows = new ArrayList<>();
    for (EvaluationResults.Stage stage : evaluation.stages()) {
      EvaluationResults.Model first = evaluation.firstRun(stage);
      List<String> row = new ArrayList<>();
      row.add(stage.stage());
      row.add(Integer.toString(stage.runs().size()));
      row.add(stage.architecture());
      row.add(stage.training());
      row.add(meanCell(stage.mean(), stage.standardDeviation()));
      if (gains()) {
        EvaluationResults.Gain gain = stage.gain();
        row.add(gain == null ? "baseline" : gainCell(gain));
        row.add(
            gain == null || gain.pValue() == null
                ? "–"
                : String.format(Locale.ROOT, "%.3g", gain.pValue()));
      }
      row.add(HtmlReport.percent(stage.agreement()));
      row.add(first == null ? "–" : String.format(Locale.ROOT, "%,d", first.parameters()));
      row.add(first == null ? "–" : String.format(Locale.ROOT, "%,d", first.multiplyAccumulates()));
      row.add(first == null ? "–" : String.format(Locale.ROOT, "%.3f", first.latencyBatch1Ms()));
      rows.add(row);
    }
    return rows;
  }

  List<String> runHeaders() {
    List<String> headers = new ArrayList<>(List.of("stage", "model", "training", "top-1 %"));
    if (gains()) {
      headers.add("gain vs " + evaluation.baselineStage());
    }
    headers.addAll(
        List.of("agreement %", "params", "MACs", "size KiB", "latency b1 ms", "latency b64 ms"));
    return headers;
  }

  Set<Integer> runNumeric() {
    return gains() ? Set.of(3, 4, 5, 6, 7, 8, 9, 10) : Set.of(3, 4, 5, 6, 7, 8, 9);
  }

  List<List<String>> runRows() {
    List<List<String>> rows = new ArrayList<>();
    for (EvaluationResults.Model model : evaluation.models()) {
      List<String> row = new ArrayList<>();
      row.add(model.stage());
      row.add(model.architecture());
      row.add(model.training());
      row.add(HtmlReport.percent(model.accuracy()));
      if (gains()) {
        row.add(
            model.gainPoints() == null
                ? "–"
                : String.format(Locale.ROOT, "%+.2f", model.gainPoints()));
      }
      row.add(HtmlReport.percent(model.agreement()));
      row.add(String.format(Locale.ROOT, "%,d", model.parameters()));
      row.add(String.format(Locale.ROOT, "%,d", model.multiplyAccumulates()));
      row.add(String.format(Locale.ROOT, "%.1f", model.bytesOnDisk() / 1024.0));
      row.add(String.format(Locale.ROOT, "%.3f", model.latencyBatch1Ms()));
      row.add(String.format(Locale.ROOT, "%.3f", model.latencyBatch64Ms()));
      rows.add(row);
    }
    return rows;
  }

  /** "87.91 ± 0.22" (or "87.91" for one run), in percent. */
  static String meanCell(double mean, Double standardDeviation) {
    return standardDeviation == null || Double.isNaN(standardDeviation)
        ? String.format(Locale.ROOT, "%.2f", 100 * mean)
        : String.format(Locale.ROOT, "%.2f ± %.2f", 100 * mean, 100 * standardDeviation);
  }

  /** "+0.85 [+0.31, +1.39]", "+0.12 [−0.40, +0.64] not resolved", "+0.12 (untested: one run)". */
  static String gainCell(EvaluationResults.Gain gain) {
    if (gain.low() == null || gain.high() == null) {
      return String.format(Locale.ROOT, "%+.2f (untested: one run)", gain.points());
    }
    return String.format(
        Locale.ROOT,
        "%+.2f [%+.2f, %+.2f]%s",
        gain.points(),
        gain.low(),
        gain.high(),
        "resolved".equals(gain.verdict()) ? "" : " not resolved");
  }
}
