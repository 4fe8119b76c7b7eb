package dev.distillery.stages;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The evaluation report of a run, written as report.json and rendered as report.md.
 *
 * @param runId the run
 * @param dataset the dataset id
 * @param testImages images in the test split
 * @param classNames class names, for per-class tables
 * @param teacherStage the stage agreement is measured against (null if none)
 * @param baselineStage the stage accuracy gains are measured against (null if none)
 * @param models one entry per evaluated model
 */
public record EvaluationReport(
    String runId,
    String dataset,
    int testImages,
    List<String> classNames,
    String teacherStage,
    String baselineStage,
    List<ModelReport> models) {

  /** The summary table (Markdown), also printed at the end of a run. */
  public String summaryTable() {
    boolean gains = baselineStage != null;
    StringBuilder out = new StringBuilder();
    out.append("| stage | model | training | top-1 % |");
    out.append(gains ? " gain vs " + baselineStage + " |" : "");
    out.append(" agreement % | params | MACs | size KiB | latency b1 ms | latency b64 ms |\n");
    out.append("|---|---|---|---:|").append(gains ? "---:|" : "");
    out.append("---:|---:|---:|---:|---:|---:|\n");
    for (ModelReport m : models) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %.2f |",
              m.stage,
              m.architecture,
              m.training,
              100 * m.accuracy));
      if (gains) {
        out.append(String.format(Locale.ROOT, " %+.2f |", m.gainPoints));
      }
      out.append(
          String.format(
              Locale.ROOT,
              " %s | %,d | %,d | %.1f | %.3f | %.3f |%n",
              m.agreement == null ? "–" : String.format(Locale.ROOT, "%.2f", 100 * m.agreement),
              m.parameters,
              m.multiplyAccumulates,
              m.bytesOnDisk / 1024.0,
              m.latencyBatch1Ms,
              m.latencyBatch64Ms));
    }
    return out.toString();
  }

  /** The whole report as Markdown. */
  public String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("# Evaluation report\n\n");
    out.append(
        String.format(
            Locale.ROOT,
            "Run `%s`, dataset `%s`, %,d test images.%s%n%n",
            runId,
            dataset,
            testImages,
            teacherStage == null
                ? ""
                : " Agreement: share of test images where the model's top-1 class equals"
                    + " that of stage `"
                    + teacherStage
                    + "`."));
    out.append("## Summary\n\n").append(summaryTable()).append('\n');
    if (models.stream().anyMatch(m -> m.teacherOutputs != null)) {
      out.append("Teacher outputs during distillation:\n\n");
      for (ModelReport m : models) {
        if (m.teacherOutputs != null) {
          out.append("- `").append(m.stage).append("`: ").append(m.teacherOutputs).append('\n');
        }
      }
      out.append('\n');
    }
    out.append(TransferSetReport.markdown(models));
    out.append(OmittedClassCorrection.markdown(models));
    if (models.stream().anyMatch(m -> m.dataFree != null)) {
      out.append("## Data-free students\n\n");
      for (ModelReport m : models) {
        if (m.dataFree == null) {
          continue;
        }
        ModelReport.DataFreeNotes notes = m.dataFree;
        out.append("- `")
            .append(m.stage)
            .append("` (recipe ")
            .append(notes.recipe())
            .append(", generator ")
            .append(notes.generator())
            .append("): ")
            .append(notes.dataSeen())
            .append(".");
        if (!notes.images().isEmpty()) {
          out.append(" Generated images:");
          for (String image : notes.images()) {
            String name = image.substring(image.lastIndexOf('/') + 1).replace(".png", "");
            out.append(" [").append(name).append("](").append(image).append(')');
          }
          out.append('.');
        }
        out.append(" Collapses: ").append(notes.collapses().size());
        for (Map<String, Object> collapse : notes.collapses()) {
          out.append("; epoch ")
              .append(collapse.get("epoch"))
              .append(": ")
              .append(collapse.get("reason"))
              .append(" (")
              .append(collapse.get("action"))
              .append(')');
        }
        out.append(".\n");
        if (!notes.images().isEmpty()) {
          String last = notes.images().get(notes.images().size() - 1);
          out.append("\n  ![").append(m.stage).append(", last epoch](").append(last).append(")\n");
        }
      }
      out.append('\n');
    }
    out.append("## Per-class accuracy (%)\n\n| class |");
    for (ModelReport m : models) {
      out.append(' ').append(m.stage).append(" |");
    }
    out.append("\n|---|");
    out.append("---:|".repeat(models.size()));
    out.append('\n');
    for (int c = 0; c < classNames.size(); c++) {
      out.append("| ").append(classNames.get(c)).append(" |");
      for (ModelReport m : models) {
        out.append(String.format(Locale.ROOT, " %.1f |", 100 * m.perClassAccuracy[c]));
      }
      out.append('\n');
    }
    for (ModelReport m : models) {
      out.append("\n## Confusion matrix: ").append(m.stage).append(" (rows: true class)\n\n|   |");
      for (int c = 0; c < classNames.size(); c++) {
        out.append(' ').append(c).append(" |");
      }
      out.append("\n|---|").append("---:|".repeat(classNames.size())).append('\n');
      for (int r = 0; r < classNames.size(); r++) {
        out.append("| ").append(r).append(" |");
        for (int c = 0; c < classNames.size(); c++) {
          out.append(' ').append(m.confusion[r][c]).append(" |");
        }
        out.append('\n');
      }
    }
    return out.toString();
  }
}
