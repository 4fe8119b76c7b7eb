package dev.distillery.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.metrics.MetricsServer;
import dev.distillery.run.RunDirectory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the status pages registered, the metrics server answers the page, its JSON, the charting
 * library and the run's files beside /metrics; read-only (GET and HEAD only).
 */
class StatusPagesRoutesTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private Vertx vertx;
  private MetricsServer server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private String start(Path run) throws Exception {
    vertx = Vertx.vertx();
    server =
        MetricsServer.start(
                vertx, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), "127.0.0.1", 0)
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    RunStatusModel model =
        new RunStatusModel("tiny", new LinkedHashMap<>(), new RunDirectory(run), System::nanoTime);
    server.servePages(new StatusPages(vertx, model));
    return "http://127.0.0.1:" + server.port();
  }

  private HttpResponse<String> send(String method, String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void thePageItsDataAndItsLibraryAreServedBesideMetrics(@TempDir Path run) throws Exception {
    Files.writeString(run.resolve("report.html"), "<html>report</html>");
    String base = start(run);

    HttpResponse<String> page = send("GET", base + "/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
    assertThat(page.body()).contains("<title>Distillery run</title>").doesNotContain("https://");

    JsonObject status = new JsonObject(send("GET", base + "/api/status").body());
    assertThat(status.getString("pipeline")).isEqualTo("tiny");
    assertThat(status.getString("report")).isEqualTo("files/report.html");

    assertThat(send("GET", base + "/assets/uPlot.min.js").body()).contains("uPlot");
    assertThat(send("GET", base + "/assets/uPlot.LICENSE").body()).contains("MIT");
    HttpResponse<String> report = send("GET", base + "/files/report.html");
    assertThat(report.body()).isEqualTo("<html>report</html>");
    assertThat(report.headers().firstValue("content-security-policy").orElse(""))
        .contains("sandbox");
    assertThat(send("GET", base + "/metrics").statusCode()).isEqualTo(200);
  }

  @Test
  void itIsReadOnlyAndStaysInsideTheRunDirectory(@TempDir Path directory) throws Exception {
    Path run = Files.createDirectories(directory.resolve("run"));
    Files.writeString(directory.resolve("secret.txt"), "secret");
    String base = start(run);

    assertThat(send("POST", base + "/").statusCode()).isEqualTo(405);
    assertThat(send("DELETE", base + "/files/run.json").statusCode()).isEqualTo(405);
    assertThat(send("GET", base + "/files/..%2Fsecret.txt").statusCode()).isEqualTo(404);
    assertThat(send("GET", base + "/files/%2e%2e/secret.txt").statusCode()).isEqualTo(404);
    assertThat(send("GET", base + "/nothing-here").statusCode()).isEqualTo(404);
  }
}
