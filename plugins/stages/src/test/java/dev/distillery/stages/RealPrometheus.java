package dev.distillery.stages;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Prometheus ({@code /usr/bin/prometheus}, Debian package {@code prometheus}) in a
 * temporary directory, scraping one target every second and evaluating rules every second; queried
 * through its HTTP API. Fails (never skips) when the binary is missing.
 */
final class RealPrometheus implements AutoCloseable {

  static final Path BINARY = Path.of("/usr/bin/prometheus");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Process process;
  private final Path log;
  private final String api;

  private RealPrometheus(Process process, Path log, String api) {
    this.process = process;
    this.log = log;
    this.api = api;
  }

  /**
   * Starts Prometheus scraping {@code target} (host:port) with {@code rules}; waits until ready.
   */
  static RealPrometheus start(Path directory, String target, Path rules) throws Exception {
    if (!Files.isExecutable(BINARY)) {
      fail(
          BINARY
              + " is missing. This test runs the real Prometheus: install it with"
              + " `apt-get update && apt-get install -y prometheus` (Debian).");
    }
    Path config = directory.resolve("prometheus.yml");
    Files.writeString(
        config,
        "global:\n"
            + "  scrape_interval: 1s\n"
            + "  evaluation_interval: 1s\n"
            + "rule_files:\n"
            + "  - '"
            + rules.toAbsolutePath()
            + "'\n"
            + "scrape_configs:\n"
            + "  - job_name: distillery\n"
            + "    static_configs:\n"
            + "      - targets: ['"
            + target
            + "']\n");
    int port = freePort();
    Path log = directory.resolve("prometheus.log");
    Process process =
        new ProcessBuilder(
                BINARY.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + directory.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    RealPrometheus prometheus =
        new RealPrometheus(process, log, "http://127.0.0.1:" + port + "/api/v1");
    prometheus.awaitReady(port);
    return prometheus;
  }

  private void awaitReady(int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        fail("Prometheus exited with " + process.exitValue() + ":\n" + logTail());
      }
      try {
        HttpResponse<String> ready =
            HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (ready.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    fail("Prometheus was not ready within 30 s:\n" + logTail());
  }

  /** An instant query's result array (at now). */
  JsonNode query(String promql) throws Exception {
    return data(get("/query?query=" + encode(promql)));
  }

  /** A range query's result array, {@code step} 1 s. */
  JsonNode queryRange(String promql, double startSeconds, double endSeconds) throws Exception {
    return data(
        get(
            "/query_range?query="
                + encode(promql)
                + "&start="
                + startSeconds
                + "&end="
                + endSeconds
                + "&step=1"));
  }

  /** The alerts Prometheus holds now (pending and firing). */
  JsonNode alerts() throws Exception {
    return get("/alerts").path("data").path("alerts");
  }

  private JsonNode data(JsonNode answer) {
    if (!"success".equals(answer.path("status").asText())) {
      throw new AssertionError("Prometheus answered " + answer);
    }
    return answer.path("data").path("result");
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  String logTail() {
    try {
      List<String> lines = new ArrayList<>(Files.readAllLines(log, StandardCharsets.UTF_8));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
