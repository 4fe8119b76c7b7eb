package dev.distillery.metrics;

import static dev.distillery.metrics.MetricsTesting.await;
import static dev.distillery.metrics.MetricsTesting.get;
import static dev.distillery.metrics.MetricsTesting.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * nextCompleteScrape() completes on the first GET /metrics that started after the call and was
 * answered: not on a scrape already under way at the call (it may have read the state before), nor
 * on HEAD or the index. This is what lets a finished run exit once Prometheus has its final state.
 */
class MetricsServerNextScrapeTest {

  @Test
  void onlyAScrapeStartedAfterTheCallCompletesIt() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AtomicBoolean hold = new AtomicBoolean(true);
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Gauge.builder(
            "distillery.test.slow",
            () -> {
              if (hold.getAndSet(false)) {
                reading.countDown();
                try {
                  release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              return 1;
            })
        .register(registry);
    Vertx vertx = Vertx.vertx();
    try {
      MetricsServer server = await(MetricsServer.start(vertx, registry, "127.0.0.1", 0));
      String url = server.url();

      // a scrape under way (it read the state before the call) ...
      CompletableFuture<HttpResponse<String>> early =
          HttpClient.newHttpClient()
              .sendAsync(
                  HttpRequest.newBuilder(URI.create(url)).GET().build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
      Future<Void> next = server.nextCompleteScrape();
      release.countDown();
      assertThat(early.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      awaitCount(server, 1);
      // ... does not count, nor do HEAD and the index
      assertThat(
              send(HttpRequest.newBuilder(URI.create(url)).method("HEAD", noBody()).build())
                  .statusCode())
          .isEqualTo(200);
      assertThat(get(url.replace("/metrics", "/")).statusCode()).isEqualTo(200);
      Thread.sleep(200);
      assertThat(next.isComplete())
          .as("completed by a scrape that started before the call")
          .isFalse();
      assertThat(server.completeScrapes()).isEqualTo(1);

      // a scrape that starts after the call does
      assertThat(get(url).statusCode()).isEqualTo(200);
      await(next);
      assertThat(next.succeeded()).isTrue();
      assertThat(server.completeScrapes()).isEqualTo(2);
      await(server.close());
    } finally {
      await(vertx.close());
    }
  }

  private static HttpRequest.BodyPublisher noBody() {
    return HttpRequest.BodyPublishers.noBody();
  }

  private static void awaitCount(MetricsServer server, long count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (server.completeScrapes() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(server.completeScrapes()).isEqualTo(count);
  }
}
