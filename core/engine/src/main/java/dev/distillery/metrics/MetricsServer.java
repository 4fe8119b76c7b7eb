package dev.distillery.metrics;

import static java.util.Objects.requireNonNull;

import dev.distillery.spi.UserException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves a {@link PrometheusMeterRegistry} over HTTP for Prometheus to scrape.
 *
 * <ul>
 *   <li>{@code GET /metrics}: the scrape, in the Prometheus text format ({@value
 *       #PROMETHEUS_TEXT}), or OpenMetrics ({@value #OPENMETRICS_TEXT}) when the {@code Accept}
 *       header asks for {@code application/openmetrics-text}, as Prometheus itself does.
 *   <li>{@code GET /}: a short plain-text index, unless a {@link Pages} handler (the live status
 *       page of a run) is {@linkplain #servePages registered}: then {@code /} and every other path
 *       but {@code /metrics} go to it.
 *   <li>anything else: 404 (405 for other methods than GET and HEAD).
 * </ul>
 *
 * <p>It counts the scrapes it has answered completely ({@link #completeScrapes()}), and {@link
 * #nextCompleteScrape()} tells when a scrape that started after a given moment was answered: a run
 * uses it to keep serving its final state until Prometheus has read it.
 *
 * <p>The scrape runs on a Vert.x worker thread (gauges may read files such as {@code
 * /proc/self/status}); the event loop is never blocked. Binds to {@value #DEFAULT_HOST} by default:
 * metrics are not meant for the network unless the user asks.
 */
public final class MetricsServer {

  /** Distillery's default metrics host: loopback only. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /**
   * Distillery's default metrics port, 9464 (the port OpenTelemetry's and Micrometer's Prometheus
   * exporters use by convention). Change it with {@code --metrics-port}; 0 picks a free port.
   */
  public static final int DEFAULT_PORT = 9464;

  /** The path Prometheus scrapes. */
  public static final String METRICS_PATH = "/metrics";

  /** Content type of the Prometheus text exposition format 0.0.4. */
  public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  /** Content type of the OpenMetrics text format 1.0.0. */
  public static final String OPENMETRICS_TEXT =
      "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private static final String INDEX =
      "Distillery metrics\n\n"
          + METRICS_PATH
          + "  Prometheus text format (OpenMetrics with Accept: application/openmetrics-text)\n";

  /**
   * More read-only pages served beside {@code /metrics} by the same server (same host and port):
   * the live status page of the active run ({@code dev.distillery.status.StatusPages}).
   */
  @FunctionalInterface
  public interface Pages {
    /**
     * Answers a GET or HEAD request for any path but {@code /metrics}, on the event loop: blocking
     * work goes to a worker ({@code executeBlocking}).
     *
     * @return false when the path is not one of these pages (the server answers 404)
     */
    boolean handle(HttpServerRequest request);
  }

  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;
  private final String host;
  private final AtomicLong scrapesStarted = new AtomicLong();
  private final AtomicLong scrapesCompleted = new AtomicLong();
  private final List<ScrapeWaiter> waiters = new ArrayList<>();
  private HttpServer server;
  private volatile Pages pages;
  private volatile String token;

  /** Completes {@code promise} once a scrape numbered above {@code after} was answered. */
  private record ScrapeWaiter(long after, Promise<Void> promise) {}

  private MetricsServer(Vertx vertx, PrometheusMeterRegistry registry, String host) {
    this.vertx = vertx;
    this.registry = registry;
    this.host = host;
  }

  /**
   * Starts serving {@code registry} on {@code host:port}.
   *
   * @param host the interface to bind; {@code null} means {@value #DEFAULT_HOST}
   * @param port the TCP port; 0 picks a free one (see {@link #port()})
   * @return the running server, or a failed future with a {@link UserException} naming the port and
   *     {@code --metrics-port} when the port is taken or out of range
   */
  public static Future<MetricsServer> start(
      Vertx vertx, PrometheusMeterRegistry registry, String host, int port) {
    return start(vertx, registry, host, port, null);
  }

  /**
   * Like {@link #start(Vertx, PrometheusMeterRegistry, String, int)}, answering only requests that
   * present {@code Authorization: Bearer <token>} when {@code token} is not null (401 otherwise).
   */
  public static Future<MetricsServer> start(
      Vertx vertx, PrometheusMeterRegistry registry, String host, int port, String token) {
    requireNonNull(vertx, "vertx is null");
    requireNonNull(registry, "registry is null");
    String bindHost = host == null || host.isBlank() ? DEFAULT_HOST : host;
    if (port < 0 || port > 65535) {
      return Future.failedFuture(
          new UserException(
              "Metrics port "
                  + port
                  + " is out of range: give --metrics-port a port between 1 and 65535, or 0 to"
                  + " pick a free one (default "
                  + DEFAULT_PORT
                  + ")."));
    }
    MetricsServer metricsServer = new MetricsServer(vertx, registry, bindHost);
    metricsServer.token = token;
    return vertx
        .createHttpServer(new HttpServerOptions().setHost(bindHost).setPort(port))
        .requestHandler(metricsServer::handle)
        .listen()
        .recover(failure -> Future.failedFuture(bindFailure(bindHost, port, failure)))
        .map(
            httpServer -> {
              metricsServer.server = httpServer;
              return metricsServer;
            });
  }

  private static Throwable bindFailure(String host, int port, Throwable failure) {
    if (isAddressInUse(failure)) {
      return new UserException(
          "Cannot serve metrics and the status page on "
              + host
              + ":"
              + port
              + ": "
              + failure.getMessage()
              + ". Another process (perhaps another Distillery run) holds port "
              + port
              + ": choose another with --metrics-port <port>, or --metrics-port 0 to pick a free"
              + " one.",
          failure);
    }
    return new UserException(
        "Cannot serve metrics on " + host + ":" + port + ": " + failure.getMessage(), failure);
  }

  private static boolean isAddressInUse(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof BindException
          || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
        return true;
      }
    }
    return false;
  }

  /** The port actually bound (the chosen one when started with port 0). */
  public int port() {
    return server.actualPort();
  }

  /** The interface the server is bound to. */
  public String host() {
    return host;
  }

  /** The scrape URL, e.g. {@code http://127.0.0.1:9464/metrics}. */
  public String url() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "http://" + h + ":" + port() + METRICS_PATH;
  }

  /**
   * Serves {@code pages} beside {@code /metrics} from now on (replacing earlier ones); null stops
   * serving them ({@code /} is the plain-text index again).
   */
  public void servePages(Pages pages) {
    this.pages = pages;
  }

  /** Scrapes of {@value #METRICS_PATH} answered completely (GET, status 200, body written). */
  public long completeScrapes() {
    return scrapesCompleted.get();
  }

  /**
   * Completes when a scrape of {@value #METRICS_PATH} that starts after this call has been answered
   * completely: what it returned was read after everything done before this call (a run's final
   * state, say). A scrape under way at the call does not count. Never fails; it does not complete
   * when no scrape comes, so wait on it with a time limit.
   */
  public Future<Void> nextCompleteScrape() {
    Promise<Void> promise = Promise.promise();
    synchronized (waiters) {
      waiters.add(new ScrapeWaiter(scrapesStarted.get(), promise));
    }
    return promise.future();
  }

  private void scrapeAnswered(long number) {
    scrapesCompleted.incrementAndGet();
    List<ScrapeWaiter> done = new ArrayList<>();
    synchronized (waiters) {
      waiters.removeIf(
          waiter -> {
            if (number > waiter.after()) {
              done.add(waiter);
              return true;
            }
            return false;
          });
    }
    done.forEach(waiter -> waiter.promise().tryComplete());
  }

  private static boolean presents(HttpServerRequest request, String token) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    String expected = "Bearer " + token;
    return header != null
        && java.security.MessageDigest.isEqual(
            header.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            expected.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Stops serving. */
  public Future<Void> close() {
    return server.close();
  }

  private void handle(HttpServerRequest request) {
    String path = request.path();
    String required = token;
    if (required != null && !presents(request, required)) {
      request.response().putHeader("WWW-Authenticate", "Bearer");
      text(request, 401, "Unauthorized: send Authorization: Bearer <token>\n");
      return;
    }
    Pages served = pages;
    if (!METRICS_PATH.equals(path) && !"/".equals(path) && served == null) {
      text(request, 404, "Not found: " + path + "\n\n" + INDEX);
      return;
    }
    if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
      request.response().putHeader(HttpHeaders.ALLOW, "GET, HEAD");
      text(request, 405, "Method not allowed: " + request.method() + "\n");
      return;
    }
    if (!METRICS_PATH.equals(path) && served != null) {
      if (!served.handle(request)) {
        text(request, 404, "Not found: " + path + "\n\n" + INDEX);
      }
      return;
    }
    if ("/".equals(path)) {
      text(request, 200, INDEX);
      return;
    }
    String contentType = contentType(request.getHeader(HttpHeaders.ACCEPT));
    boolean counted = request.method() == HttpMethod.GET;
    long number = counted ? scrapesStarted.incrementAndGet() : 0;
    vertx
        .executeBlocking(() -> registry.scrape(contentType), false)
        .onSuccess(
            body ->
                request
                    .response()
                    .setStatusCode(200)
                    .putHeader(HttpHeaders.CONTENT_TYPE, contentType)
                    .end(body)
                    .onSuccess(
                        written -> {
                          if (counted) {
                            scrapeAnswered(number);
                          }
                        }))
        .onFailure(failure -> text(request, 500, "Scrape failed: " + failure + "\n"));
  }

  /** The format to answer with: OpenMetrics when {@code accept} names it, else Prometheus text. */
  static String contentType(String accept) {
    return accept != null
            && accept.toLowerCase(Locale.ROOT).contains("application/openmetrics-text")
        ? OPENMETRICS_TEXT
        : PROMETHEUS_TEXT;
  }

  private static void text(HttpServerRequest request, int status, String body) {
    request
        .response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
        .end(body);
  }
}
