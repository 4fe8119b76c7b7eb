package dev.distillery.metrics;

import static dev.distillery.metrics.MetricsTesting.await;
import static dev.distillery.metrics.MetricsTesting.get;
import static dev.distillery.metrics.MetricsTesting.parse;
import static dev.distillery.metrics.MetricsTesting.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.metrics.MetricsTesting.Sample;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * A Vertx built by MetricsSetup reports into the setup's registry: named worker pools show as
 * vertx_pool_*, next to the JVM and process meters, in one scrape.
 */
class MetricsSetupVertxPoolsTest {

  private static final Map<String, String> POOL =
      Map.of("pool_name", "distillery-test-pool", "pool_type", "worker");

  @Test
  void namedWorkerPoolJvmAndProcessMetersAppearInTheScrape() throws Exception {
    try (MetricsSetup setup = MetricsSetup.create()) {
      Vertx vertx = setup.createVertx();
      try {
        MetricsServer server = await(MetricsServer.start(vertx, setup.registry(), null, 0));
        WorkerExecutor pool = vertx.createSharedWorkerExecutor("distillery-test-pool", 1);
        assertThat(await(pool.executeBlocking(() -> 42))).isEqualTo(42);

        // The pool counts the task as completed just after its result is delivered: poll briefly.
        List<Sample> samples = List.of();
        long deadline = System.nanoTime() + MetricsTesting.TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
          samples = parse(get(server.url()).body());
          OptionalDouble completed = value(samples, "vertx_pool_completed_total", POOL);
          if (completed.isPresent() && completed.getAsDouble() == 1.0) {
            break;
          }
          Thread.sleep(50);
        }

        assertThat(value(samples, "vertx_pool_completed_total", POOL)).hasValue(1.0);
        assertThat(value(samples, "vertx_pool_in_use", POOL)).hasValue(0.0);
        assertThat(value(samples, "vertx_pool_queue_pending", POOL)).hasValue(0.0);
        assertThat(value(samples, "vertx_pool_usage_seconds_count", POOL)).hasValue(1.0);
        double heapEden =
            samples.stream()
                .filter(s -> s.name().equals("jvm_memory_used_bytes"))
                .filter(s -> "heap".equals(s.labels().get("area")))
                .mapToDouble(Sample::value)
                .sum();
        assertThat(heapEden).isPositive();
        double rss = value(samples, "process_memory_rss_bytes", Map.of()).orElseThrow();
        double virtual = value(samples, "process_memory_virtual_bytes", Map.of()).orElseThrow();
        assertThat(rss).isGreaterThan(10e6);
        assertThat(virtual).isGreaterThanOrEqualTo(rss);
        assertThat(value(samples, "jvm_threads_live_threads", Map.of()).orElseThrow()).isPositive();
        assertThat(value(samples, "system_cpu_count", Map.of()).orElseThrow()).isPositive();
        pool.close();
        await(server.close());
      } finally {
        await(vertx.close());
      }
    }
  }
}
