package dev.distillery.cli;

import picocli.CommandLine.Option;

/** Options of commands that run a pipeline. */
public final class RunOptions {

  /** Distillery's default metrics port. */
  public static final int DEFAULT_METRICS_PORT = 9464;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Port of the Prometheus /metrics endpoint while the run goes (default: ${DEFAULT-VALUE};"
              + " 0: any free port; -1: none).",
      defaultValue = "" + DEFAULT_METRICS_PORT)
  int metricsPort;

  /** Seconds /metrics keeps serving a finished run's final state, unless scraped sooner. */
  public static final int DEFAULT_METRICS_LINGER_SECONDS = 15;

  @Option(
      names = "--metrics-linger",
      paramLabel = "SECONDS",
      description =
          "After the run, keep serving /metrics until Prometheus has scraped the final state once,"
              + " at most this long (default: ${DEFAULT-VALUE}; 0: exit at once). Without it"
              + " Prometheus keeps the last state it saw while the run went (a stage 'running').",
      defaultValue = "" + DEFAULT_METRICS_LINGER_SECONDS)
  int metricsLingerSeconds;

  @Option(
      names = "--metrics-host",
      paramLabel = "HOST",
      description = "Address the metrics endpoint binds (default: ${DEFAULT-VALUE}).",
      defaultValue = "127.0.0.1")
  String metricsHost;

  @Option(
      names = "--metrics-token-file",
      paramLabel = "FILE",
      description =
          "A file holding a bearer token that /metrics and the status page then require"
              + " (Authorization: Bearer ...); Prometheus sends it with authorization:"
              + " credentials_file. Use it whenever --metrics-host is not loopback.")
  java.nio.file.Path metricsTokenFile;

  @Option(
      names = "--cpu-slots",
      paramLabel = "N",
      description =
          "Stages that may train at once on the CPU (default: ${DEFAULT-VALUE}); the --threads are"
              + " shared out between them: each stage computes with threads/N libtorch threads.",
      defaultValue = "1")
  int cpuSlots;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "libtorch intra-op threads in all (default: the machine's cores); recorded in run.json."
              + " Results are bit-identical only at equal threads per stage.")
  Integer threads;

  /** --threads, or the machine's cores. */
  int threads() {
    return threads != null ? threads : Runtime.getRuntime().availableProcessors();
  }

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress bars: one line per epoch and stage (for CI logs).")
  boolean quiet;
}
