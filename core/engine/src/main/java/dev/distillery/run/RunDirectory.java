package dev.distillery.run;

import dev.distillery.spi.UserException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The directory of one run, {@code <runs>/<pipeline>/<run-id>/}:
 *
 * <pre>
 * pipeline.yaml            the pipeline file as given
 * pipeline.resolved.json   the pipeline with defaults merged and stage keys
 * run.json                 run and stage states ({@link RunState})
 * metrics.jsonl            one JSON record per epoch/evaluation event
 * logs/run.log             the run's log
 * stages/&lt;stage&gt;/         per-stage artifacts, result.json and checkpoints/
 * report.md, report.json   the evaluation report
 * report.html              the run's self-contained page with charts
 * </pre>
 */
public record RunDirectory(Path path) {

  private static final DateTimeFormatter RUN_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  public String runId() {
    return path.getFileName().toString();
  }

  public Path pipelineFile() {
    return path.resolve("pipeline.yaml");
  }

  public Path resolvedPipelineFile() {
    return path.resolve("pipeline.resolved.json");
  }

  public Path stateFile() {
    return path.resolve("run.json");
  }

  public Path metricsFile() {
    return path.resolve("metrics.jsonl");
  }

  public Path logFile() {
    return path.resolve("logs").resolve("run.log");
  }

  public Path stageDirectory(String stageId) {
    return path.resolve("stages").resolve(stageId);
  }

  /** A stage's result.json. */
  public Path resultFile(String stageId) {
    return stageDirectory(stageId).resolve("result.json");
  }

  public Path checkpointDirectory(String stageId) {
    return stageDirectory(stageId).resolve("checkpoints");
  }

  public Path reportMarkdown() {
    return path.resolve("report.md");
  }

  public Path reportJson() {
    return path.resolve("report.json");
  }

  public Path reportHtml() {
    return path.resolve("report.html");
  }

  public boolean exists() {
    return Files.isRegularFile(stateFile());
  }

  /** Creates a new run directory under {@code <runsRoot>/<pipeline>/} named by the UTC time. */
  public static RunDirectory create(Path runsRoot, String pipeline) {
    Path parent = runsRoot.resolve(pipeline);
    String base = RUN_ID.format(ZonedDateTime.now(ZoneOffset.UTC));
    try {
      Files.createDirectories(parent);
      for (int suffix = 0; ; suffix++) {
        Path candidate = parent.resolve(suffix == 0 ? base : base + "-" + suffix);
        try {
          Files.createDirectory(candidate);
          Files.createDirectories(candidate.resolve("logs"));
          Files.createDirectories(candidate.resolve("stages"));
          return new RunDirectory(candidate);
        } catch (java.nio.file.FileAlreadyExistsException e) {
          // try the next suffix
        }
      }
    } catch (IOException e) {
      throw new UserException(
          "cannot create a run directory under '"
              + parent
              + "': "
              + e.getMessage()
              + "; check permissions or choose another --runs-dir",
          e);
    }
  }

  /** Opens an existing run directory, or explains why it is not one. */
  public static RunDirectory open(Path path) {
    RunDirectory run = new RunDirectory(path.toAbsolutePath().normalize());
    if (!run.exists()) {
      String why =
          !Files.exists(path)
              ? "it does not exist"
              : Files.isDirectory(path) ? "it has no run.json" : "it is a file";
      throw new UserException(
          "'"
              + path
              + "' is not a run directory ("
              + why
              + "): a run directory, runs/<pipeline>/<run-id>/, holds the run.json, metrics.jsonl"
              + " and stages/ that `distillery run` writes; list them with `distillery runs`");
    }
    return run;
  }

  /** All runs under a runs root, newest first. */
  public static List<RunDirectory> list(Path runsRoot) {
    List<RunDirectory> runs = new ArrayList<>();
    if (!Files.isDirectory(runsRoot)) {
      return runs;
    }
    try (Stream<Path> pipelines = Files.list(runsRoot)) {
      for (Path pipeline : pipelines.filter(Files::isDirectory).toList()) {
        try (Stream<Path> ids = Files.list(pipeline)) {
          ids.map(RunDirectory::new).filter(RunDirectory::exists).forEach(runs::add);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    runs.sort(Comparator.comparing((RunDirectory r) -> r.runId()).reversed());
    return runs;
  }

  /** The newest run of a pipeline, if any. */
  public static Optional<RunDirectory> latest(Path runsRoot, String pipeline) {
    return list(runsRoot).stream()
        .filter(r -> r.path.getParent().getFileName().toString().equals(pipeline))
        .findFirst();
  }
}
