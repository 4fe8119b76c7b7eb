package dev.distillery.metrics;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real Prometheus binaries (Debian package {@code prometheus}) and the repository's files. */
final class PrometheusTooling {

  static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  private PrometheusTooling() {}

  /** Fails (never skips) when a binary is missing: CI installs the package. */
  static Path require(Path binary) {
    if (!Files.isExecutable(binary)) {
      fail(
          binary
              + " is missing. These tests run the real Prometheus: install it with"
              + " `apt-get update && apt-get install -y prometheus` (Debian; it brings promtool).");
    }
    return binary;
  }

  /**
   * The repository root: the first directory up from the working directory with {@code grafana/}.
   */
  static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("grafana/distillery-dashboard.json"))) {
        return dir;
      }
    }
    throw new AssertionError(
        "grafana/distillery-dashboard.json not found above " + Path.of("").toAbsolutePath());
  }

  /** Runs a command to completion (bounded) and returns its exit code and output. */
  static Result run(Path workDir, long timeoutSeconds, String... command)
      throws IOException, InterruptedException {
    Path output = Files.createTempFile("distillery-promtool", ".log");
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        fail(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
      }
      return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(output);
    }
  }

  record Result(int exitCode, String output) {}

  /** The last {@code lines} lines of a log file, for failure messages. */
  static String tail(Path log, int lines) {
    try {
      List<String> all = new ArrayList<>(Files.readAllLines(log, StandardCharsets.UTF_8));
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
