package dev.distillery.metrics;

import static dev.distillery.metrics.MetricsTesting.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.distillery.spi.UserException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A port that cannot be bound fails with a message naming the port and --metrics-port. */
class MetricsServerBusyPortTest {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  @Test
  void busyPortNamesPortAndOption() throws Exception {
    try (ServerSocket holder = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int busy = holder.getLocalPort();

      Throwable failure =
          catchThrowable(() -> await(MetricsServer.start(vertx, registry, "127.0.0.1", busy)));

      assertThat(failure).isInstanceOf(ExecutionException.class);
      assertThat(failure.getCause())
          .isInstanceOf(UserException.class)
          .hasMessageContaining("127.0.0.1:" + busy)
          .hasMessageContaining("holds port " + busy)
          .hasMessageContaining("--metrics-port");
    }
  }

  @Test
  void outOfRangePortNamesOption() {
    Throwable failure =
        catchThrowable(() -> await(MetricsServer.start(vertx, registry, "127.0.0.1", 70000)));

    assertThat(failure.getCause())
        .isInstanceOf(UserException.class)
        .hasMessageContaining("70000")
        .hasMessageContaining("--metrics-port");
  }
}
