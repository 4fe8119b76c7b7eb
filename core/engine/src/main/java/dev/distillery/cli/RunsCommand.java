package dev.distillery.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.report.RunComparison;
import dev.distillery.report.RunDetails;
import dev.distillery.report.RunListing;
import dev.distillery.report.RunSnapshot;
import dev.distillery.run.RunDirectory;
import dev.distillery.run.RunState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description =
        "Lists past runs and their status; with a run directory, shows its stages and epochs.",
    subcommands = RunsCommand.Compare.class)
final class RunsCommand implements Callable<Integer> {

  @Parameters(paramLabel = "RUN_DIR", arity = "0..1", description = "A run directory to show.")
  Path run;

  @Option(
      names = "--json",
      description =
          "Print JSON for scripts: an array of runs, or one run's stages, epochs and evaluation"
              + " (field names in the README).")
  boolean json;

  @Mixin CommonOptions common;

  @Override
  public Integer call() throws IOException {
    if (run != null) {
      if (json) {
        printJson(RunDetails.of(RunSnapshot.read(run)));
      } else {
        show(RunDirectory.open(run));
      }
      return 0;
    }
    List<RunDirectory> runs = RunDirectory.list(common.runsDirectory);
    if (json) {
      List<RunListing> listings = new ArrayList<>();
      for (RunDirectory directory : runs) {
        listings.add(RunListing.of(directory, RunState.read(directory.stateFile())));
      }
      printJson(listings);
      return 0;
    }
    if (runs.isEmpty()) {
      System.out.println("no runs under " + common.runsDirectory.toAbsolutePath());
      return 0;
    }
    System.out.printf("%-28s %-20s %-12s %s%n", "pipeline", "run", "status", "stages");
    for (RunDirectory directory : runs) {
      RunState state = RunState.read(directory.stateFile());
      long done =
          state.stages.values().stream()
              .filter(s -> s.status == dev.distillery.run.StageStatus.SUCCEEDED)
              .count();
      System.out.printf(
          "%-28s %-20s %-12s %d/%d succeeded   %s%n",
          state.pipeline,
          directory.runId(),
          state.status,
          done,
          state.stages.size(),
          directory.path());
    }
    return 0;
  }

  static void printJson(Object value) throws IOException {
    System.out.println(OptionsMapper.mapper().writeValueAsString(value));
  }

  /** {@code distillery runs compare RUN_DIR...}. */
  @Command(
      name = "compare",
      mixinStandardHelpOptions = true,
      description = {
        "Compares the evaluations of runs: per run and stage, the model, top-1 (mean ± sd over"
            + " the stage's runs), agreement with the teacher, gain over the baseline and"
            + " parameters.",
        "--html writes the comparison as a self-contained page with a chart."
      })
  static final class Compare implements Callable<Integer> {

    @Parameters(
        paramLabel = "RUN_DIR",
        arity = "1..*",
        description = "Run directories (runs/<pipeline>/<run-id>).")
    List<Path> runs;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write an HTML page.")
    Path html;

    @Option(
        names = "--json",
        description = "Print JSON: an array of runs as `runs RUN_DIR --json`.")
    boolean json;

    @Override
    public Integer call() throws IOException {
      RunComparison comparison = RunComparison.read(runs);
      if (json) {
        printJson(comparison.runs().stream().map(RunDetails::of).toList());
      } else {
        System.out.print(comparison.table());
      }
      if (html != null) {
        comparison.writeHtml(html);
        (json ? System.err : System.out)
            .println("comparison page: " + html.toAbsolutePath().normalize());
      }
      return 0;
    }
  }

  private static void show(RunDirectory directory) throws IOException {
    RunState state = RunState.read(directory.stateFile());
    System.out.printf(
        "run %s of pipeline %s: %s%n%n", directory.runId(), state.pipeline, state.status);
    System.out.printf("%-22s %-10s %9s %s%n", "stage", "status", "seconds", "message");
    state.stages.forEach(
        (id, record) ->
            System.out.printf(
                Locale.ROOT,
                "%-22s %-10s %9s %s%n",
                id,
                record.status.name().toLowerCase(Locale.ROOT),
                record.seconds == null ? "" : String.format(Locale.ROOT, "%.1f", record.seconds),
                record.message == null ? "" : record.message));
    Path metrics = directory.metricsFile();
    if (!Files.isRegularFile(metrics)) {
      return;
    }
    System.out.printf(
        "%n%-22s %6s %10s %9s %9s %10s %9s%n",
        "stage", "epoch", "loss", "train %", "val %", "img/s", "RSS MiB");
    for (String line : Files.readAllLines(metrics)) {
      JsonNode record = OptionsMapper.mapper().readTree(line);
      if ("extract".equals(record.path("event").asText())) {
        // a feature-extraction pass (extract-features): one inference pass, no loss
        System.out.printf(
            Locale.ROOT,
            "%-22s %6s %10s %9s %9s %10.0f %9s   %,d images in %.1f s%n",
            record.path("stage").asText(),
            "pass",
            "–",
            "–",
            "–",
            record.path("samples_per_second").asDouble(),
            "",
            record.path("images").asLong(),
            record.path("seconds").asDouble());
        continue;
      }
      if (!"epoch".equals(record.path("event").asText())) {
        continue;
      }
      System.out.printf(
          Locale.ROOT,
          "%-22s %6s %10.4f %9.2f %9s %10.0f %9.0f%n",
          record.path("stage").asText(),
          record.path("epoch").asInt() + "/" + record.path("epochs").asInt(),
          record.path("loss").asDouble(),
          100 * record.path("train_accuracy").asDouble(),
          record.has("validation_accuracy")
              ? String.format(
                  Locale.ROOT, "%.2f", 100 * record.path("validation_accuracy").asDouble())
              : "–",
          record.path("samples_per_second").asDouble(),
          record.path("rss_bytes").asDouble() / (1024 * 1024));
    }
  }
}
