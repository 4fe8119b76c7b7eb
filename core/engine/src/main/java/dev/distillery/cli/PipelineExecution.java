package dev.distillery.cli;

import dev.distillery.cluster.HazelcastCluster;
import dev.distillery.engine.DeviceSelection;
import dev.distillery.engine.PipelineRunner;
import dev.distillery.engine.StageOutcome;
import dev.distillery.engine.ThreadCounts;
import dev.distillery.pipeline.PipelineLoader;
import dev.distillery.pipeline.PipelineSpec;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.run.RunDirectory;
import dev.distillery.spi.UserException;
import dev.distillery.status.RunStatusModel;
import dev.distillery.status.StatusPages;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Runs a pipeline file in a run directory with progress display, Ctrl-C handling and summary. */
final class PipelineExecution {

  private PipelineExecution() {}

  /**
   * @param pipelineFile the pipeline file to run
   * @param runDirectory the run directory, or null for "the latest run of this pipeline, or new"
   * @param newRun always start a new run directory
   */
  static int execute(
      CommonOptions common,
      RunOptions options,
      ClusterOptions cluster,
      Path pipelineFile,
      RunDirectory runDirectory,
      boolean newRun)
      throws Exception {
    if (options.cpuSlots < 1) {
      throw new UserException("--cpu-slots must be at least 1, got " + options.cpuSlots);
    }
    if (options.threads() < 1 || options.threads() > 1024) {
      throw new UserException("--threads must be 1..1024, got " + options.threads());
    }
    if (options.metricsLingerSeconds < 0) {
      throw new UserException(
          "--metrics-linger must be 0 (exit at once) or more seconds, got "
              + options.metricsLingerSeconds);
    }
    PrintStream out = System.out;
    PluginRegistry plugins = common.plugins();
    String text = readPipeline(pipelineFile);
    PipelineSpec pipeline = new PipelineLoader(plugins).load(pipelineFile);
    HazelcastCluster coordinator = cluster.cluster();
    if (coordinator == null) {
      // explicit, not libtorch's default (which follows the core count): recorded in run.json
      ThreadCounts.apply(options.threads(), options.cpuSlots);
      // fail on an unusable device before anything is created
      out.println(DeviceSelection.choose(pipeline.device()).note());
    } else {
      out.println(
          "coordinator: joining the cluster at "
              + cluster.host
              + ":"
              + cluster.port
              + "; stages go to workers");
    }
    Integer port = options.metricsPort < 0 ? null : options.metricsPort;
    String token = MetricsExposure.token(options.metricsTokenFile);
    MetricsExposure.warnIfExposed(options.metricsHost, port, token, System.err);
    PipelineRunner.Settings settings =
        new PipelineRunner.Settings(
            options.cpuSlots,
            options.metricsHost,
            port,
            common.dataSearchPath(),
            coordinator,
            token);
    CountDownLatch finished = new CountDownLatch(1);
    try (PipelineRunner runner = PipelineRunner.start(settings, plugins)) {
      // Ctrl-C or SIGTERM from here on, start-up included: the run (about to start or running)
      // stops at the next step of each stage and leaves a resumable, truthful run.json
      java.util.concurrent.atomic.AtomicReference<ProgressDisplay> shown =
          new java.util.concurrent.atomic.AtomicReference<>();
      Thread stopper =
          new Thread(
              () -> {
                if (finished.getCount() > 0) {
                  // the bars stop drawing first, so that the message is not drawn over
                  ProgressDisplay display = shown.get();
                  if (display != null) {
                    display.pause();
                  }
                  System.err.println(
                      "\nstopping: running stages checkpoint and stop; resume with"
                          + " `distillery resume <run-dir>`");
                  runner.requestStop();
                  try {
                    finished.await(120, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }
              },
              "distillery-stop");
      Runtime.getRuntime().addShutdownHook(stopper);
      // missing data and feature points that don't fit are reported before a run directory exists
      runner.check(pipeline);
      RunDirectory directory = chooseDirectory(common, pipeline, runDirectory, newRun, out);
      RunLogging.toFile(directory.logFile());
      ProgressDisplay.RUN_LOG.info("run {} of pipeline {}", directory.path(), pipeline.name());
      RunStatusModel status = new RunStatusModel(pipeline, directory);
      runner
          .metricsServer()
          .ifPresent(server -> server.servePages(new StatusPages(runner.vertx(), status)));
      if (runner.metricsPort() > 0) {
        String base = "http://" + hostInUrl(options.metricsHost) + ":" + runner.metricsPort();
        out.println("status page: " + base + "/   metrics: " + base + "/metrics");
      }
      ProgressDisplay progress = ProgressDisplay.start(options.quiet, out, status);
      shown.set(progress);
      PipelineRunner.RunResult result;
      try {
        result = runner.run(pipeline, text, directory, progress::accept);
      } finally {
        progress.close();
      }
      ProgressDisplay.RUN_LOG.info(
          "run {}",
          result.succeeded() ? "succeeded" : result.cancelled() ? "interrupted" : "failed");
      int code = summarize(out, result);
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(stopper);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is running and waits for `finished`
        return code;
      }
      if (!result.cancelled()) {
        lingerForFinalScrape(runner, options, out);
      }
      return code;
    } finally {
      finished.countDown();
    }
  }

  private static String hostInUrl(String host) {
    String h = host == null || host.isBlank() ? "127.0.0.1" : host;
    return h.contains(":") ? "[" + h + "]" : h;
  }

  /**
   * Serves the final state until one scrape has read it, at most {@code --metrics-linger} seconds:
   * without it Prometheus's last sample of a run shows a stage running and the last epoch's values.
   */
  private static void lingerForFinalScrape(
      PipelineRunner runner, RunOptions options, PrintStream out) throws InterruptedException {
    if (runner.metricsPort() < 0 || options.metricsLingerSeconds == 0) {
      return;
    }
    boolean scraped =
        runner.metricsServer().map(server -> server.completeScrapes() > 0).orElse(false);
    if (!scraped) {
      return; // nothing scraped this run (no Prometheus watching): nobody waits for the end
    }
    out.println(
        "metrics: serving the final state until Prometheus scrapes it (at most "
            + options.metricsLingerSeconds
            + " s; skip with --metrics-linger 0 or Ctrl-C)");
    out.flush();
    runner.awaitNextScrape(Duration.ofSeconds(options.metricsLingerSeconds));
  }

  private static RunDirectory chooseDirectory(
      CommonOptions common,
      PipelineSpec pipeline,
      RunDirectory given,
      boolean newRun,
      PrintStream out) {
    if (given != null) {
      out.println("resuming run " + given.path());
      return given;
    }
    RunDirectory latest =
        newRun ? null : RunDirectory.latest(common.runsDirectory, pipeline.name()).orElse(null);
    if (latest == null) {
      RunDirectory created = RunDirectory.create(common.runsDirectory, pipeline.name());
      out.println("run " + created.path());
      return created;
    }
    out.println(
        "continuing run "
            + latest.path()
            + " (finished stages are kept; use --new-run for a fresh one)");
    return latest;
  }

  private static String readPipeline(Path file) {
    try {
      return Files.readString(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new UserException(
          "pipeline file '" + file + "' does not exist; see pipelines/ for examples");
    } catch (IOException e) {
      throw new UserException("cannot read pipeline file '" + file + "': " + e.getMessage());
    }
  }

  private static int summarize(PrintStream out, PipelineRunner.RunResult result)
      throws IOException {
    out.println();
    out.println("stages:");
    for (StageOutcome outcome : result.outcomes().values()) {
      String note =
          outcome.message() == null || outcome.message().isBlank() ? "" : "  " + outcome.message();
      out.printf(
          "  %-24s %-10s%s%n", outcome.stageId(), outcome.status().name().toLowerCase(), note);
    }
    Path report = result.directory().reportMarkdown();
    if (Files.isRegularFile(report)) {
      String markdown = Files.readString(report);
      int start = markdown.indexOf("## Summary");
      int end = markdown.indexOf("\n## ", start + 1);
      if (start >= 0) {
        out.println();
        out.println(markdown.substring(start, end < 0 ? markdown.length() : end).strip());
      }
      out.println();
      out.println("report: " + report);
    }
    out.println("run directory: " + result.directory().path());
    if (result.succeeded()) {
      return 0;
    }
    if (result.cancelled()) {
      out.println(
          "interrupted: continue with `distillery resume " + result.directory().path() + "`");
      return DistilleryCli.INTERRUPTED;
    }
    return 1;
  }
}
