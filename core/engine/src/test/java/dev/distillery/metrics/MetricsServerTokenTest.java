package dev.distillery.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** With a token, /metrics answers only requests that present it as a bearer token. */
class MetricsServerTokenTest {

  private static final String TOKEN = "0123456789abcdef0123";

  @Test
  void requestsWithoutTheTokenAreRefusedAndWithItServed() throws Exception {
    try (MetricsSetup setup = MetricsSetup.create()) {
      Vertx vertx = setup.createVertx();
      try {
        MetricsServer server =
            MetricsServer.start(vertx, setup.registry(), "127.0.0.1", 0, TOKEN)
                .toCompletionStage()
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        String url = "http://127.0.0.1:" + server.port() + "/metrics";
        HttpResponse<String> none = MetricsTesting.get(url);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(request(url, "Bearer wrong-token-wrong-token").statusCode()).isEqualTo(401);
        HttpResponse<String> good = request(url, "Bearer " + TOKEN);
        assertThat(good.statusCode()).isEqualTo(200);
        assertThat(good.body()).contains("jvm_memory_used_bytes");
      } finally {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
  }

  private static HttpResponse<String> request(String url, String authorization) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization).build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
