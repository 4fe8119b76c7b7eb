package dev.distillery.metrics;

import static dev.distillery.metrics.MetricsTesting.await;
import static dev.distillery.metrics.MetricsTesting.get;
import static dev.distillery.metrics.MetricsTesting.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The routes of MetricsServer: /metrics in either format, the index, 404 and 405. */
class MetricsServerRoutesTest {

  private Vertx vertx;
  private MetricsServer server;
  private String base;

  @BeforeEach
  void start() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Counter.builder("distillery.test.events")
        .description("Events")
        .baseUnit("events")
        .register(registry)
        .increment(3);
    vertx = Vertx.vertx();
    server = await(MetricsServer.start(vertx, registry, "127.0.0.1", 0));
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterEach
  void stop() throws Exception {
    try {
      await(server.close());
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void portZeroBindsAFreePort() {
    assertThat(server.port()).isBetween(1, 65535);
    assertThat(server.url()).isEqualTo(base + "/metrics");
  }

  @Test
  void metricsInPrometheusTextByDefault() throws Exception {
    HttpResponse<String> response = get(base + "/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(response.body())
        .contains("# TYPE distillery_test_events_total counter\n")
        .contains("distillery_test_events_total 3.0\n")
        .doesNotContain("# EOF");
  }

  @Test
  void metricsInOpenMetricsWhenAsked() throws Exception {
    HttpResponse<String> response =
        get(
            base + "/metrics",
            "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type"))
        .hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertThat(response.body()).contains("distillery_test_events_total 3.0\n").endsWith("# EOF\n");
  }

  @Test
  void indexListsMetrics() throws Exception {
    HttpResponse<String> response = get(base + "/");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("Distillery metrics").contains("/metrics");
  }

  @Test
  void unknownPathIs404() throws Exception {
    assertThat(get(base + "/metricz").statusCode()).isEqualTo(404);
  }

  @Test
  void postIs405() throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(base + "/metrics"))
                .timeout(MetricsTesting.TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build());
    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("allow")).hasValue("GET, HEAD");
  }
}
