package dev.distillery.cli;

import dev.distillery.report.HtmlReport;
import dev.distillery.report.RunSnapshot;
import dev.distillery.run.RunDirectory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Writes report.html for a run: one self-contained page (opens offline) with the stages,"
          + " the comparison table, top-1 against parameters and latency, loss and accuracy curves"
          + " per stage, per-class accuracy, confusion matrices and generated image grids.",
      "The evaluate stage writes it as it ends; this command builds it again from what the run"
          + " directory holds, a run in progress included."
    })
final class ReportCommand implements Callable<Integer> {

  @Parameters(paramLabel = "RUN_DIR", description = "The run directory (runs/<pipeline>/<run-id>).")
  Path run;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Where to write the page (default: RUN_DIR/report.html).")
  Path output;

  @Override
  public Integer call() {
    Path file = output != null ? output : new RunDirectory(run).reportHtml();
    RunSnapshot snapshot = HtmlReport.write(run, file, null);
    System.out.println("report: " + file.toAbsolutePath().normalize());
    if (snapshot.inProgress(null)) {
      List<String> unfinished = snapshot.unfinishedStages(null);
      System.out.println(
          "note: the run is still in progress"
              + (unfinished.isEmpty() ? "" : " (" + String.join(", ", unfinished) + " not ended)")
              + "; the report shows what exists now");
    }
    return 0;
  }
}
