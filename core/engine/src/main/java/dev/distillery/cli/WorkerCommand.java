package dev.distillery.cli;

import dev.distillery.cluster.HazelcastCluster;
import dev.distillery.cluster.WorkerProcess;
import dev.distillery.engine.ThreadCounts;
import dev.distillery.engine.WorkerAdvert;
import dev.distillery.spi.UserException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description =
        "Joins a Distillery cluster and runs the stages that coordinators (`distillery run"
            + " --cluster-members ...`) place on it, offering this machine's CPU slots and GPUs."
            + " Run directories must be on storage every member sees at the same path.")
final class WorkerCommand implements Callable<Integer> {

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "The worker's name in the cluster (default: HOST-PORT of --cluster-port).")
  String name;

  @Option(
      names = "--cpu-slots",
      paramLabel = "N",
      description = "Stages that may run on this worker's CPU at once (default: ${DEFAULT-VALUE}).",
      defaultValue = "1")
  int cpuSlots;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "libtorch intra-op threads of this worker in all, shared out between its --cpu-slots"
              + " (default: the machine's cores). Give each worker of a machine its share.")
  Integer threads;

  @Option(
      names = "--metrics-host",
      paramLabel = "HOST",
      description = "Address the worker's /metrics binds (default: ${DEFAULT-VALUE}).",
      defaultValue = "127.0.0.1")
  String metricsHost;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description = "Port of the worker's /metrics (default: ${DEFAULT-VALUE}; 0: any; -1: none).",
      defaultValue = "9465")
  int metricsPort;

  @Option(
      names = "--log-file",
      paramLabel = "FILE",
      description =
          "The worker's whole log, stack traces included (default: logs/worker-NAME.log in the"
              + " working directory).")
  Path logFile;

  @Option(
      names = "--metrics-token-file",
      paramLabel = "FILE",
      description = "A file holding a bearer token the worker's /metrics then requires.")
  Path metricsTokenFile;

  @Option(names = "--protocol", hidden = true, description = "Protocol version (for tests).")
  int protocol = WorkerAdvert.PROTOCOL;

  @Mixin ClusterOptions cluster;

  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    if (!cluster.clustered()) {
      throw new UserException(
          "a worker needs the cluster's members: --cluster-members HOST:PORT[,HOST:PORT...]"
              + " (the coordinators' and workers' --cluster-port addresses)");
    }
    if (cpuSlots < 1) {
      throw new UserException("--cpu-slots must be at least 1, got " + cpuSlots);
    }
    int total = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    if (total < 1 || total > 1024) {
      throw new UserException("--threads must be 1..1024, got " + total);
    }
    ThreadCounts.apply(total, cpuSlots);
    String workerId =
        name != null ? name : InetAddress.getLocalHost().getHostName() + "-" + cluster.port;
    if (!workerId.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new UserException(
          "--name '" + workerId + "' may hold only letters, digits, '.', '_' and '-'");
    }
    String token = MetricsExposure.token(metricsTokenFile);
    MetricsExposure.warnIfExposed(
        metricsHost, metricsPort < 0 ? null : metricsPort, token, System.err);
    HazelcastCluster joined = cluster.cluster();
    Path log = logFile != null ? logFile : Path.of("logs", "worker-" + workerId + ".log");
    java.nio.file.Files.createDirectories(log.toAbsolutePath().getParent());
    RunLogging.toFile(log);
    RunLogging.infoToConsole("dev.distillery.engine.WorkerNode");
    WorkerProcess worker =
        WorkerProcess.start(
            new WorkerProcess.Settings(
                workerId,
                cpuSlots,
                metricsHost,
                metricsPort < 0 ? null : metricsPort,
                protocol,
                new DistilleryCli.Version().getVersion()[0],
                token),
            joined,
            common.plugins(),
            common.dataSearchPath());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    worker.close();
                  } catch (Exception e) {
                    // leaving the cluster is best effort at exit
                  }
                },
                "distillery-worker-stop"));
    System.out.println(
        "worker "
            + workerId
            + " joined the cluster at "
            + cluster.host
            + ":"
            + cluster.port
            + ", offering "
            + worker.describePools()
            + (worker.metricsPort() > 0
                ? "; metrics http://" + metricsHost + ":" + worker.metricsPort() + "/metrics"
                : "")
            + "; Ctrl-C to leave");
    String reason = worker.refused().get();
    System.err.println("error: the coordinator refused this worker: " + reason);
    return DistilleryCli.USAGE;
  }
}
