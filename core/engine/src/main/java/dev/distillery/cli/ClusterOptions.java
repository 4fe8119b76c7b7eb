package dev.distillery.cli;

import dev.distillery.cluster.ClusterCredential;
import dev.distillery.cluster.HazelcastCluster;
import dev.distillery.spi.UserException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options of commands that join a Distillery cluster (coordinator or worker). */
public final class ClusterOptions {

  @Option(
      names = "--cluster-members",
      paramLabel = "HOST:PORT",
      split = ",",
      description =
          "The cluster's members (coordinators and workers), each HOST:PORT of its"
              + " --cluster-port. Given to run/resume, the pipeline runs as a coordinator whose"
              + " stages go to `distillery worker` processes.")
  List<String> members = new ArrayList<>();

  @Option(
      names = "--cluster-host",
      paramLabel = "ADDRESS",
      description =
          "The address this member binds and is reached at (default: ${DEFAULT-VALUE}); any"
              + " other than loopback needs --cluster-credential.",
      defaultValue = "127.0.0.1")
  String host;

  @Option(
      names = "--cluster-port",
      paramLabel = "PORT",
      description = "This member's cluster (Hazelcast) port (default: ${DEFAULT-VALUE}).",
      defaultValue = "5701")
  int port;

  @Option(
      names = "--bus-port",
      paramLabel = "PORT",
      description =
          "This member's event-bus port, where jobs and adverts arrive (default: ${DEFAULT-VALUE},"
              + " any free port; fix it to open it in a firewall).",
      defaultValue = "0")
  int busPort;

  @Option(
      names = "--cluster-name",
      paramLabel = "NAME",
      description = "Members of other cluster names are ignored (default: ${DEFAULT-VALUE}).",
      defaultValue = "distillery")
  String name;

  @Option(
      names = "--cluster-credential",
      paramLabel = "DIR",
      description =
          "A credential directory made by `distillery cluster init` (the same on every member):"
              + " the event bus then runs mutual TLS and workers prove the credential.")
  Path credential;

  @Option(
      names = "--worker-timeout",
      paramLabel = "SECONDS",
      description =
          "A worker silent this long is lost and its stages continue elsewhere (default:"
              + " ${DEFAULT-VALUE}).",
      defaultValue = "10")
  int workerTimeoutSeconds;

  @Option(
      names = "--worker-wait",
      paramLabel = "SECONDS",
      description =
          "How long a coordinator waits for the first worker (default: ${DEFAULT-VALUE}).",
      defaultValue = "60")
  int workerWaitSeconds;

  boolean clustered() {
    return !members.isEmpty();
  }

  /** The cluster to join, checked; null when no members were given. */
  HazelcastCluster cluster() {
    if (!clustered()) {
      return null;
    }
    for (String member : members) {
      int colon = member.lastIndexOf(':');
      if (colon <= 0 || !member.substring(colon + 1).matches("\\d{1,5}")) {
        throw new UserException(
            "--cluster-members entry '" + member + "' is not HOST:PORT, e.g. 10.0.0.5:5701");
      }
    }
    if (port < 1 || port > 65535) {
      throw new UserException("--cluster-port must be 1..65535, got " + port);
    }
    if (busPort < 0 || busPort > 65535) {
      throw new UserException("--bus-port must be 0..65535, got " + busPort);
    }
    if (workerTimeoutSeconds < 2) {
      throw new UserException(
          "--worker-timeout must be at least 2 seconds (workers advertise every second), got "
              + workerTimeoutSeconds);
    }
    ClusterCredential loaded = credential == null ? null : ClusterCredential.load(credential);
    return new HazelcastCluster(
        new HazelcastCluster.Settings(
            host,
            port,
            busPort,
            List.copyOf(members),
            name,
            loaded,
            Duration.ofSeconds(workerTimeoutSeconds),
            Duration.ofSeconds(Math.max(1, workerWaitSeconds))));
  }
}
