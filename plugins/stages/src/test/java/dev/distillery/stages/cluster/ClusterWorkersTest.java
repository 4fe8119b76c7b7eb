package dev.distillery.stages.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.run.RunState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real cluster on 127.0.0.1: two {@code distillery worker} JVMs and coordinator JVMs, each with
 * one libtorch thread. Stages spread over the workers; a GPU stage fails at once when no worker has
 * a GPU; a coordinator killed mid-stage is replaced by {@code resume}, which re-attaches to the
 * stage still running on its worker; a worker killed mid-stage hands its stage to the other worker,
 * which continues from the last checkpoint. Every run ends with the parameters of an uninterrupted
 * single-JVM run, byte for byte.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterWorkersTest {

  /**
   * Stage {@code long} outlasts a coordinator's restart (16 epochs of 16 steps of ResNet-8, about
   * 20-30 s on one thread) and checkpoints every 8 steps.
   */
  static final String PIPELINE =
      """
      pipeline: cluster
      seed: 5
      device: cpu
      dataset:
        name: synthetic
        validation: 0.0
        with: {train-size: 512, test-size: 32}
      defaults:
        train:
          batch-size: 32
          checkpoint-every-steps: 8
          optimizer: {type: sgd, lr: 0.05, momentum: 0.9}
      stages:
        long:
          uses: train
          with: {model: resnet8, epochs: 16}
        short:
          uses: train
          with: {model: lenet5-half, epochs: 1}
      """;

  static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);

  @TempDir static Path directory;
  ClusterProcesses cluster;
  Path pipeline;
  Path reference;

  @BeforeAll
  void startWorkers() throws Exception {
    pipeline = directory.resolve("cluster.yaml");
    Files.writeString(pipeline, PIPELINE);
    cluster = new ClusterProcesses(directory, 4);
    // the reference: the same pipeline in one JVM, uninterrupted
    Process single =
        cluster.start(
            "single",
            "run",
            "--runs-dir",
            "single",
            "--threads",
            "1", // as the workers: equal threads per stage give equal bits
            "--metrics-port",
            "-1",
            "-q",
            "cluster.yaml");
    assertThat(ClusterProcesses.exitCode(single, RUN_TIMEOUT)).as(cluster.read("single")).isZero();
    reference = onlyRun(directory.resolve("single"));
    cluster.worker("w1", 1);
    cluster.worker("w2", 2);
    cluster.awaitLog("w1", "joined the cluster", Duration.ofSeconds(90));
    cluster.awaitLog("w2", "joined the cluster", Duration.ofSeconds(90));
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  @org.junit.jupiter.api.AfterEach
  void stopCoordinators() {
    // a failed test must not leave its coordinator holding the cluster port of the next one
    for (String name : List.of("coordinator-1", "coordinator-3", "coordinator-4")) {
      Process process = cluster.process(name);
      if (process != null && process.isAlive()) {
        process.destroyForcibly();
      }
    }
  }

  private Process coordinator(String name, String... arguments) throws IOException {
    List<String> all = new ArrayList<>(List.of(arguments));
    all.addAll(
        List.of(
            "--cluster-port",
            String.valueOf(cluster.ports[0]),
            "--cluster-members",
            cluster.members(),
            "--worker-timeout",
            "4",
            "--metrics-port",
            "0",
            // nothing scrapes it here: exit when the run ends
            "--metrics-linger",
            "0",
            "-q"));
    return cluster.start(name, all.toArray(String[]::new));
  }

  @Test
  @Order(1)
  void aGpuStageFailsAtOnceWhenNoWorkerHasAGpu() throws Exception {
    Files.writeString(
        directory.resolve("gpu.yaml"),
        PIPELINE
            .replace("pipeline: cluster", "pipeline: cluster-gpu")
            .replace(
                "with: {model: lenet5-half, epochs: 1}",
                "device: gpu\n    with: {model: lenet5-half, epochs: 1}"));
    Process run = coordinator("gpu", "run", "--runs-dir", "gpu-runs", "gpu.yaml");
    assertThat(ClusterProcesses.exitCode(run, RUN_TIMEOUT)).isEqualTo(1);
    String output = cluster.read("gpu");
    assertThat(output)
        .contains("short")
        .contains("no live worker offers 1 gpu slot")
        .contains("w1 (cpu")
        .contains("w2 (cpu");
  }

  @Test
  @Order(2)
  void aKilledCoordinatorIsReplacedByResumeWhichReattachesToTheRunningStage() throws Exception {
    Process first = coordinator("coordinator-1", "run", "--runs-dir", "a", "cluster.yaml");
    Path run = awaitRun(directory.resolve("a"));
    awaitEpoch(run, "long", 2);
    // a second coordinator on the same run directory is refused while the first holds it
    Process second =
        cluster.start("coordinator-2", "resume", "--metrics-port", "-1", run.toString());
    assertThat(ClusterProcesses.exitCode(second, RUN_TIMEOUT)).isEqualTo(2);
    assertThat(cluster.read("coordinator-2")).contains("is in use by another coordinator");

    first.destroyForcibly().waitFor();
    Process resumed = coordinator("coordinator-3", "resume", run.toString());
    assertThat(ClusterProcesses.exitCode(resumed, RUN_TIMEOUT))
        .as(cluster.read("coordinator-3"))
        .isZero();

    List<JsonNode> placed = records(run, "placed");
    assertThat(placed.stream().filter(r -> r.path("stage").asText().equals("long")))
        .as("the running stage was re-attached, not sent again")
        .hasSize(1);
    assertThat(placed.stream().map(r -> r.path("worker").asText()).distinct())
        .as("stages spread over both workers")
        .containsExactlyInAnyOrder("w1", "w2");
    assertThat(Files.readString(run.resolve("logs/run.log"))).contains("re-attached");
    // Prometheus finds the workers through the coordinator's file-based service discovery
    JsonNode targets =
        OptionsMapper.mapper().readTree(run.resolve("prometheus-targets.json").toFile());
    List<String> workers = new ArrayList<>();
    targets.forEach(
        group -> {
          if (group.path("labels").path("role").asText().equals("worker")) {
            workers.add(group.path("labels").path("worker").asText());
            assertThat(group.path("targets").get(0).asText()).startsWith("127.0.0.1:");
          }
        });
    assertThat(workers).containsExactlyInAnyOrder("w1", "w2");
    assertThat(directory.resolve("a/prometheus-targets").toFile().list()).hasSize(1);
    assertSameParameters(run);
  }

  @Test
  @Order(3)
  void aKilledWorkersStageContinuesOnTheOtherWorkerWithIdenticalWeights() throws Exception {
    Process coordinator = coordinator("coordinator-4", "run", "--runs-dir", "b", "cluster.yaml");
    Path run = awaitRun(directory.resolve("b"));
    awaitEpoch(run, "long", 3);
    String worker =
        records(run, "placed").stream()
            .filter(r -> r.path("stage").asText().equals("long"))
            .findFirst()
            .orElseThrow()
            .path("worker")
            .asText();
    Process victim = cluster.process(worker);
    victim.destroyForcibly(); // SIGKILL
    assertThat(ClusterProcesses.exitCode(coordinator, RUN_TIMEOUT))
        .as(cluster.read("coordinator-4"))
        .isZero();

    List<JsonNode> failovers = records(run, "failover");
    assertThat(failovers).hasSize(1);
    assertThat(failovers.get(0).path("worker").asText()).isEqualTo(worker);
    List<JsonNode> longPlacements =
        records(run, "placed").stream()
            .filter(r -> r.path("stage").asText().equals("long"))
            .toList();
    assertThat(longPlacements).hasSize(2);
    assertThat(longPlacements.get(1).path("worker").asText()).isNotEqualTo(worker);
    assertThat(longPlacements.get(1).path("attempt").asInt()).isEqualTo(2);
    assertThat(records(run, "resumed")).isNotEmpty();
    assertThat(RunState.read(run.resolve("run.json")).stages.get("long").attempts).isEqualTo(2);
    assertSameParameters(run);
  }

  private void assertSameParameters(Path run) throws IOException {
    for (String stage : List.of("long", "short")) {
      Path expected = reference.resolve("stages").resolve(stage).resolve("model.params");
      Path actual = run.resolve("stages").resolve(stage).resolve("model.params");
      assertThat(Files.mismatch(expected, actual))
          .as("parameters of stage %s differ from the single-JVM run", stage)
          .isEqualTo(-1L);
    }
  }

  private static Path onlyRun(Path runs) throws IOException {
    try (Stream<Path> ids = Files.list(runs.resolve("cluster"))) {
      return ids.findFirst().orElseThrow();
    }
  }

  private static Path awaitRun(Path runs) throws Exception {
    ClusterProcesses.await(
        () -> Files.isDirectory(runs.resolve("cluster")),
        Duration.ofSeconds(90),
        "no run directory");
    Path run = onlyRun(runs);
    ClusterProcesses.await(
        () -> Files.isRegularFile(run.resolve("metrics.jsonl")),
        Duration.ofSeconds(60),
        "no metrics.jsonl");
    return run;
  }

  private static void awaitEpoch(Path run, String stage, int epoch) throws Exception {
    ClusterProcesses.await(
        () ->
            records(run, "epoch").stream()
                .anyMatch(
                    r ->
                        r.path("stage").asText().equals(stage) && r.path("epoch").asInt() >= epoch),
        RUN_TIMEOUT,
        "stage " + stage + " never finished epoch " + epoch);
  }

  static List<JsonNode> records(Path run, String event) {
    List<JsonNode> found = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode record = OptionsMapper.mapper().readTree(line);
        if (record.path("event").asText().equals(event)) {
          found.add(record);
        }
      }
    } catch (IOException e) {
      return found;
    }
    return found;
  }
}
