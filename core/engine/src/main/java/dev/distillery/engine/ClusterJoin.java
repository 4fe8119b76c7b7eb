package dev.distillery.engine;

import dev.distillery.metrics.MetricsSetup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * How a process joins the Distillery cluster: a clustered Vert.x (cluster manager, event bus
 * address and encryption), the credential members prove themselves with, and membership events.
 * Implemented by {@code dev.distillery.cluster.HazelcastCluster}.
 */
public interface ClusterJoin {

  /** Starts a clustered Vert.x whose metrics go to {@code metrics}. */
  Future<Vertx> join(MetricsSetup metrics);

  /** The credential check of adverts. */
  ClusterTrust trust();

  /** Calls {@code memberLeft} with the node id of every member that leaves the cluster. */
  void watchMembers(Vertx vertx, Consumer<String> memberLeft);

  /** How many members the cluster has now (this one included). */
  int members(Vertx vertx);

  /** A worker without an advert for this long is lost. */
  Duration workerTimeout();

  /** How long a coordinator waits for the first worker. */
  Duration workerWait();

  /** The host this member is reachable at. */
  String host();
}
