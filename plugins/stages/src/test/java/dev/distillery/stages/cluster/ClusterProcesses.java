package dev.distillery.stages.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Starts Distillery JVMs (workers, coordinators, single-JVM runs) on 127.0.0.1 with this test's
 * class path, each with one libtorch intra-op thread and its output in a log file; kills whatever
 * is left on close. Every wait is bounded.
 */
public final class ClusterProcesses implements AutoCloseable {

  private final Path directory;
  private final List<Process> started = new ArrayList<>();
  private final java.util.Map<String, Process> byName = new java.util.HashMap<>();
  final int[] ports;

  public ClusterProcesses(Path directory, int members) throws IOException {
    this.directory = directory;
    this.ports = IntStream.range(0, members).map(i -> freePort()).toArray();
  }

  /** Every member's address, for --cluster-members. */
  public String members() {
    return IntStream.of(ports).mapToObj(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
  }

  public Path log(String name) {
    return directory.resolve(name + ".log");
  }

  /** Runs the CLI with {@code arguments} in a new JVM; output goes to {@code <name>.log}. */
  public Process start(String name, String... arguments) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xmx768m",
            "-Dai.djl.offline=true",
            "-Dai.djl.pytorch.num_interop_threads=1",
            "-Dai.djl.pytorch.num_threads=1",
            "--add-opens",
            "java.base/java.lang=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.distillery.cli.DistilleryCli"));
    command.addAll(List.of(arguments));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log(name).toFile());
    Process process = builder.start();
    started.add(process);
    byName.put(name, process);
    return process;
  }

  /** A worker with one CPU slot on cluster port {@code ports[index]}. */
  public Process worker(String name, int index, String... extra) throws IOException {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "worker",
                "--name",
                name,
                "--cluster-port",
                String.valueOf(ports[index]),
                "--cluster-members",
                members(),
                "--cpu-slots",
                "1",
                "--threads",
                "1",
                "--metrics-port",
                "0",
                "--data-dir",
                directory.toString()));
    arguments.addAll(List.of(extra));
    return start(name, arguments.toArray(String[]::new));
  }

  /** The process started under {@code name}. */
  public Process process(String name) {
    return byName.get(name);
  }

  /** Waits until the log of {@code name} holds {@code text}. */
  public void awaitLog(String name, String text, Duration timeout) throws Exception {
    await(() -> read(name).contains(text), timeout, name + " never printed '" + text + "'");
  }

  public String read(String name) {
    try {
      return Files.exists(log(name)) ? Files.readString(log(name), StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }

  public static void await(BooleanSupplier condition, Duration timeout, String failure)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(failure + " within " + timeout.toSeconds() + " s");
      }
      Thread.sleep(100);
    }
  }

  /** Waits for a process to exit and returns its exit code. */
  public static int exitCode(Process process, Duration timeout) throws Exception {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("process did not end within " + timeout.toSeconds() + " s");
    }
    return process.exitValue();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    for (Process process : started) {
      process.destroyForcibly();
    }
    // keep the logs where a failed build can be read
    try {
      Path kept = Path.of("target", "cluster-test-logs");
      Files.createDirectories(kept);
      try (var logs = Files.list(directory)) {
        for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
          Files.copy(
              log,
              kept.resolve(log.getFileName()),
              java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      // the logs are a convenience
    }
    for (Process process : started) {
      try {
        process.waitFor(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
