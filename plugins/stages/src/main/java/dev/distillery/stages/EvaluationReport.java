package dev.distillery.stages;

import dev.distillery.spi.StageRuns;
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
 * @param models one entry per evaluated model (per run of a repeated stage)
 * @param confidence the confidence of the gains' intervals
 * @param stages the models grouped by stage: mean, spread and gain over the baseline
 */
public record EvaluationReport(
    String runId,
    String dataset,
    int testImages,
    List<String> classNames,
    String teacherStage,
    String baselineStage,
    List<ModelReport> models,
    double confidence,
    List<StageRuns> stages) {

  /** Whether any stage ran more than once ({@code repeats:}). */
  public boolean repeated() {
    return stages.stream().anyMatch(StageRuns::repeated);
  }

  /**
   * The summary table (Markdown), also printed at the end of a run: one row per stage, with the
   * mean and spread of its runs when a stage is repeated, else one row per model.
   */
  public String summaryTable() {
    return repeated() ? stageTable() : runTable();
  }

  /** One row per stage: mean ± sd of top-1 over its runs, and the gain with its interval. */
  private String stageTable() {
    boolean gains = baselineStage != null;
    String level = String.format(Locale.ROOT, "%.0f %%", 100 * confidence);
    StringBuilder out = new StringBuilder();
    out.append("| stage | runs | model | training | top-1 % (mean ± sd) |");
    out.append(gains ? " gain vs " + baselineStage + ", points [" + level + " CI] | p |" : "");
    out.append(" agreement % | params | MACs | latency b1 ms |\n");
    out.append("|---|---:|---|---|---:|").append(gains ? "---:|---:|" : "");
    out.append("---:|---:|---:|---:|\n");
    for (StageRuns stage : stages) {
      ModelReport first = firstRun(stage);
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %s | %s | %s |",
              stage.stage(),
              stage.runs().size(),
              stage.architecture(),
              stage.training(),
              stage.accuracyCell()));
      if (gains) {
        StageRuns.Gain gain = stage.gain();
        out.append(' ')
            .append(gain == null ? "baseline" : gain.cell())
            .append(" | ")
            .append(
                gain == null || gain.pValue() == null
                    ? "–"
                    : String.format(Locale.ROOT, "%.3g", gain.pValue()))
            .append(" |");
      }
      out.append(
          String.format(
              Locale.ROOT,
              " %s | %,d | %,d | %.3f |%n",
              stage.agreement() == null
                  ? "–"
                  : String.format(Locale.ROOT, "%.2f", 100 * stage.agreement()),
              first.parameters,
              first.multiplyAccumulates,
              first.latencyBatch1Ms));
    }
    return out.toString();
  }

  private ModelReport firstRun(StageRuns stage) {
    String id = stage.runs().get(0);
    return models.stream().filter(m -> m.stage.equals(id)).findFirst().orElseThrow();
  }

  /**
   * The stages by mean top-1, best first, each with what its runs say about its gain: the ranking a
   * comparison states with evidence.
   */
  public String ranking() {
    String level = String.format(Locale.ROOT, "%.0f %%", 100 * confidence);
    StringBuilder out = new StringBuilder();
    List<StageRuns> ranked =
        stages.stream().sorted((a, b) -> Double.compare(b.mean(), a.mean())).toList();
    int place = 0;
    for (StageRuns stage : ranked) {
      out.append(++place)
          .append(". `")
          .append(stage.stage())
          .append("` ")
          .append(stage.accuracyCell())
          .append(" % (")
          .append(stage.runs().size())
          .append(stage.runs().size() == 1 ? " run" : " runs")
          .append(")");
      StageRuns.Gain gain = stage.gain();
      if (stage.stage().equals(baselineStage)) {
        out.append(": the baseline");
      } else if (gain != null && gain.low() == null) {
        out.append(
            String.format(
                Locale.ROOT,
                ": %+.2f points over `%s`, untested (one run on a side, or no spread): the"
                    + " difference may be seed noise",
                gain.points(),
                baselineStage));
      } else if (gain != null) {
        out.append(
            String.format(
                Locale.ROOT,
                ": %+.2f points over `%s`, %s CI [%+.2f, %+.2f], Welch's t = %.2f, df = %.1f,"
                    + " p = %.3g: %s",
                gain.points(),
                baselineStage,
                level,
                gain.low(),
                gain.high(),
                gain.t(),
                gain.degreesOfFreedom(),
                gain.pValue(),
                "resolved".equals(gain.verdict())
                    ? (gain.points() > 0 ? "better, resolved by the spread" : "worse, resolved")
                    : "not resolved by the spread of the runs"));
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** One row per evaluated model (per run of a repeated stage). */
  private String runTable() {
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
    if (repeated()) {
      out.append(
          String.format(
              Locale.ROOT,
              "Stages with `repeats:` ran once per seed; top-1 is the mean ± sample standard"
                  + " deviation of their runs on the test split. A gain is the difference of means"
                  + " with its %.0f %% confidence interval from Welch's t-test (unequal"
                  + " variances); \"not resolved\" marks a gain whose interval includes 0: the"
                  + " spread of the seeds does not tell it from noise. Latency and size are those"
                  + " of run 1.%n%n",
              100 * confidence));
      if (baselineStage != null) {
        out.append("## Ranking\n\n").append(ranking()).append('\n');
      }
      out.append("## Runs\n\n").append(runTable()).append('\n');
    }
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
    out.append(ModelExports.markdown(models));
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
      out.append("\n## Confusion matrix: ")
          .append(m.stage)
          .append(" (rows: true class, columns: predicted)\n\n| true \\ predicted |");
      for (int c = 0; c < classNames.size(); c++) {
        out.append(' ').append(classNames.get(c)).append(" |");
      }
      out.append("\n|---|").append("---:|".repeat(classNames.size())).append('\n');
      for (int r = 0; r < classNames.size(); r++) {
        out.append("| ").append(classNames.get(r)).append(" |");
        for (int c = 0; c < classNames.size(); c++) {
          out.append(' ').append(m.confusion[r][c]).append(" |");
        }
        out.append('\n');
      }
    }
    return out.toString();
  }
}
