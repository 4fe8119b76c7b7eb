package dev.distillery.report;

import dev.distillery.spi.StageRuns;
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
    for (StageRuns stage : evaluation.stages()) {
      EvaluationResults.Model first = evaluation.firstRun(stage);
      List<String> row = new ArrayList<>();
      row.add(stage.stage());
      row.add(Integer.toString(stage.runs().size()));
      row.add(stage.architecture());
      row.add(stage.training());
      row.add(stage.accuracyCell());
      if (gains()) {
        StageRuns.Gain gain = stage.gain();
        row.add(gain == null ? "baseline" : gain.cell());
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
}
