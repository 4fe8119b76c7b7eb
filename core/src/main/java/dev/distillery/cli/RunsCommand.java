package dev.distillery.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.run.RunDirectory;
import dev.distillery.run.RunState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description =
        "Lists past runs and their status; with a run directory, shows its stages and epochs.")
final class RunsCommand implements Callable<Integer> {

  @Parameters(paramLabel = "RUN_DIR", arity = "0..1", description = "A run directory to show.")
  Path run;

  @Mixin CommonOptions common;

  @Override
  public Integer call() throws IOException {
    if (run != null) {
      show(RunDirectory.open(run));
      return 0;
    }
    List<RunDirectory> runs = RunDirectory.list(common.runsDirectory);
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
