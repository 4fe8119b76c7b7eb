package dev.distillery.cluster;

import dev.distillery.engine.DevicePool;
import dev.distillery.engine.WorkerNode;
import dev.distillery.metrics.MetricsServer;
import dev.distillery.metrics.MetricsSetup;
import dev.distillery.plugin.PluginRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A {@code distillery worker} process: joins the cluster, serves its own {@code /metrics} (every
 * meter tagged {@code worker}), and runs a {@link WorkerNode} offering this machine's pools to
 * coordinators, building each run's runtime from the shared run directory.
 */
public final class WorkerProcess implements AutoCloseable {

  /**
   * @param workerId the worker's name in the cluster
   * @param cpuSlots stages that may run on the CPU at once
   * @param metricsHost where /metrics binds
   * @param metricsPort its port (0: any free one; null: none)
   * @param protocol the coordinator protocol it speaks (normally the current one)
   * @param version the Distillery version it reports
   * @param metricsToken the bearer token its /metrics requires, or null
   */
  public record Settings(
      String workerId,
      int cpuSlots,
      String metricsHost,
      Integer metricsPort,
      int protocol,
      String version,
      String metricsToken) {}

  private final MetricsSetup metrics;
  private final Vertx vertx;
  private final MetricsServer metricsServer;
  private final WorkerNode node;
  private final CompletableFuture<String> refused = new CompletableFuture<>();

  private WorkerProcess(
      Settings settings, HazelcastCluster cluster, PluginRegistry plugins, List<Path> data)
      throws Exception {
    metrics = MetricsSetup.create(Tags.of("worker", settings.workerId()));
    vertx =
        await(
            cluster
                .joinAsWorker(metrics, settings.workerId(), settings.protocol(), refused::complete)
                .toCompletionStage()
                .toCompletableFuture());
    MetricsServer server = null;
    if (settings.metricsPort() != null) {
      server =
          await(
              MetricsServer.start(
                      vertx,
                      metrics.registry(),
                      settings.metricsHost(),
                      settings.metricsPort(),
                      settings.metricsToken())
                  .toCompletionStage()
                  .toCompletableFuture());
    }
    metricsServer = server;
    String metricsUrl =
        server == null
            ? null
            : "http://" + settings.metricsHost() + ":" + server.port() + "/metrics";
    node =
        new WorkerNode(
            new WorkerNode.Identity(
                settings.workerId(),
                cluster.host(),
                settings.version(),
                settings.protocol(),
                metricsUrl),
            DevicePool.ofThisMachine(settings.cpuSlots()),
            new SharedRunDirectories(settings.workerId(), plugins, data, vertx, metrics.registry()),
            cluster.trust(),
            1000,
            refused::complete,
            metrics.registry());
    await(vertx.deployVerticle(node).toCompletionStage().toCompletableFuture());
  }

  /** Joins the cluster and starts taking jobs. */
  public static WorkerProcess start(
      Settings settings,
      HazelcastCluster cluster,
      PluginRegistry plugins,
      List<Path> dataSearchPath)
      throws Exception {
    return new WorkerProcess(settings, cluster, plugins, dataSearchPath);
  }

  /** Completes with the reason when a coordinator refuses this worker. */
  public CompletableFuture<String> refused() {
    return refused;
  }

  /** E.g. {@code cpu (2 slots), gpu0 (1 slot)}. */
  public String describePools() {
    return node.pools().stream()
        .map(p -> p.name() + " (" + p.slots() + (p.slots() == 1 ? " slot)" : " slots)"))
        .collect(Collectors.joining(", "));
  }

  /** The /metrics port, or -1. */
  public int metricsPort() {
    return metricsServer == null ? -1 : metricsServer.port();
  }

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(120, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    if (metricsServer != null) {
      await(metricsServer.close().toCompletionStage().toCompletableFuture());
    }
    await(vertx.close().toCompletionStage().toCompletableFuture());
    metrics.close();
  }
}
