package dev.distillery.stages.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.cli.DistilleryCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A coordinator with a cluster credential (event bus on mutual TLS): a worker with another
 * credential and a worker speaking another protocol are refused, with the reason printed on both
 * sides; a worker with the same credential runs the pipeline over the encrypted event bus.
 */
class ClusterCredentialTest {

  static final String PIPELINE =
      """
      pipeline: credential
      seed: 3
      device: cpu
      dataset:
        name: synthetic
        validation: 0.0
        with: {train-size: 128, test-size: 32}
      stages:
        only:
          uses: train
          with: {model: lenet5-half, epochs: 1, batch-size: 32}
      """;

  @Test
  void membersWithAnotherCredentialOrProtocolAreRefusedAndTheRightOneRuns(@TempDir Path directory)
      throws Exception {
    Files.writeString(directory.resolve("credential.yaml"), PIPELINE);
    assertThat(DistilleryCli.execute("cluster", "init", directory.resolve("ours").toString()))
        .isZero();
    assertThat(DistilleryCli.execute("cluster", "init", directory.resolve("theirs").toString()))
        .isZero();
    assertThat(Files.getPosixFilePermissions(directory.resolve("ours/cluster.properties")))
        .hasSize(2); // owner read and write only

    try (ClusterProcesses cluster = new ClusterProcesses(directory, 4)) {
      String ours = directory.resolve("ours").toString();
      Process coordinator =
          cluster.start(
              "coordinator",
              "run",
              "--cluster-port",
              String.valueOf(cluster.ports[0]),
              "--cluster-members",
              cluster.members(),
              "--cluster-credential",
              ours,
              "--worker-wait",
              "120",
              "--metrics-port",
              "-1",
              "-q",
              "credential.yaml");
      cluster.awaitLog("coordinator", "coordinator: joining", Duration.ofSeconds(60));
      Thread.sleep(3000);

      Process stranger =
          cluster.worker(
              "stranger", 1, "--cluster-credential", directory.resolve("theirs").toString());
      assertThat(ClusterProcesses.exitCode(stranger, Duration.ofSeconds(90))).isEqualTo(2);
      assertThat(cluster.read("stranger"))
          .contains("the coordinator refused this worker")
          .contains("credential differs");

      Process old = cluster.worker("old", 2, "--cluster-credential", ours, "--protocol", "0");
      assertThat(ClusterProcesses.exitCode(old, Duration.ofSeconds(90))).isEqualTo(2);
      assertThat(cluster.read("old"))
          .contains("the coordinator refused this worker")
          .contains("protocol 0");

      cluster.worker("friend", 3, "--cluster-credential", ours);
      assertThat(ClusterProcesses.exitCode(coordinator, Duration.ofMinutes(3)))
          .as(cluster.read("coordinator"))
          .isZero();
      assertThat(cluster.read("coordinator"))
          .contains("refused worker stranger")
          .contains("refused worker old")
          .contains("only")
          .contains("succeeded");
    }
  }
}
