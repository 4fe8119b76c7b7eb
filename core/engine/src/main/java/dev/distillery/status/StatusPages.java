package dev.distillery.status;

import static java.util.Objects.requireNonNull;

import dev.distillery.metrics.MetricsServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The live status page of a run, served read-only beside {@code /metrics} by {@link MetricsServer}
 * (same host and port):
 *
 * <ul>
 *   <li>{@code GET /}: the page (HTML with its script and styles inline; it polls the JSON below).
 *   <li>{@code GET /api/status}: {@link RunStatusModel#snapshot()} as JSON.
 *   <li>{@code GET /files/<path>}: a file of the run directory (artifacts, logs, report.html).
 *       Paths that leave the run directory ({@code ..}, absolute, links pointing out) are refused
 *       with 404, like files that do not exist.
 *   <li>{@code GET /assets/uPlot.min.js}, {@code uPlot.min.css}, {@code uPlot.LICENSE}: the
 *       charting library (uPlot, MIT licence), from its webjar in this process's class path.
 * </ul>
 *
 * <p>Nothing is fetched from elsewhere: the page works offline. Every answer carries a Content
 * Security Policy that allows only this origin (and inline styles and the page's own inline
 * script); files are served with scripts disallowed.
 */
public final class StatusPages implements MetricsServer.Pages {

  /** Where the run directory's files are served. */
  public static final String FILES_PREFIX = "files/";

  /** The JSON the page polls. */
  public static final String STATUS_PATH = "/api/status";

  private static final String PAGE_CSP =
      "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline';"
          + " img-src 'self' data:; connect-src 'self'";

  private static final String FILE_CSP =
      "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox";

  private static final String UPLOT = uplotDirectory();

  private static final Map<String, String[]> ASSETS =
      Map.of(
          "/assets/uPlot.min.js",
          new String[] {UPLOT + "dist/uPlot.iife.min.js", "text/javascript; charset=utf-8"},
          "/assets/uPlot.min.css",
          new String[] {UPLOT + "dist/uPlot.min.css", "text/css; charset=utf-8"},
          "/assets/uPlot.LICENSE",
          new String[] {UPLOT + "LICENSE", "text/plain; charset=utf-8"});

  private static final Map<String, String> CONTENT_TYPES =
      Map.ofEntries(
          Map.entry("html", "text/html; charset=utf-8"),
          Map.entry("json", "application/json; charset=utf-8"),
          Map.entry("png", "image/png"),
          Map.entry("svg", "image/svg+xml"),
          Map.entry("csv", "text/csv; charset=utf-8"));

  private final Vertx vertx;
  private final RunStatusModel model;
  private final Buffer page;

  /** Pages for {@code model}'s run, answered with {@code vertx}'s workers for file reads. */
  public StatusPages(Vertx vertx, RunStatusModel model) {
    this.vertx = requireNonNull(vertx, "vertx is null");
    this.model = requireNonNull(model, "model is null");
    this.page = Buffer.buffer(resource("dev/distillery/status/status.html"));
  }

  @Override
  public boolean handle(HttpServerRequest request) {
    String path = request.path();
    if ("/".equals(path) || "/index.html".equals(path)) {
      send(request, "text/html; charset=utf-8", PAGE_CSP, page);
      return true;
    }
    if (STATUS_PATH.equals(path)) {
      vertx
          .executeBlocking(model::snapshot, false)
          .onSuccess(
              status ->
                  send(request, "application/json; charset=utf-8", PAGE_CSP, status.toBuffer()))
          .onFailure(failure -> error(request, 500, "status failed: " + failure));
      return true;
    }
    String[] asset = ASSETS.get(path);
    if (asset != null) {
      vertx
          .executeBlocking(() -> Buffer.buffer(resource(asset[0])), false)
          .onSuccess(body -> send(request, asset[1], PAGE_CSP, body))
          .onFailure(failure -> error(request, 404, "Not found: " + path));
      return true;
    }
    if (path.startsWith("/" + FILES_PREFIX)) {
      serveFile(request, path.substring(FILES_PREFIX.length() + 1));
      return true;
    }
    return false;
  }

  private void serveFile(HttpServerRequest request, String rawRelative) {
    vertx
        .executeBlocking(() -> runFile(model.directory().path(), rawRelative), false)
        .onSuccess(
            file -> {
              if (file == null) {
                error(request, 404, "Not found in the run directory: " + rawRelative);
                return;
              }
              HttpServerResponse response = request.response();
              headers(response, contentType(file), FILE_CSP);
              response.sendFile(file.toString());
            })
        .onFailure(failure -> error(request, 500, "cannot read the file: " + failure));
  }

  /**
   * The regular file {@code rawRelative} (percent-encoded, {@code /}-separated) names inside {@code
   * root}, or null when there is none or the name would leave {@code root} (a {@code ..} segment,
   * an absolute path, a link pointing outside).
   */
  static Path runFile(Path root, String rawRelative) throws IOException {
    String relative;
    try {
      relative = URLDecoder.decode(rawRelative.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return null;
    }
    if (relative.isEmpty()
        || relative.indexOf('\0') >= 0
        || relative.startsWith("/")
        || relative.contains("\\")) {
      return null;
    }
    for (String segment : relative.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return null;
      }
    }
    Path base = root.toRealPath();
    Path file = base.resolve(relative).normalize();
    if (!file.startsWith(base) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    Path real = file.toRealPath();
    return real.startsWith(base) ? real : null;
  }

  private static String contentType(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    return CONTENT_TYPES.getOrDefault(
        extension,
        switch (extension) {
          case "md", "log", "jsonl", "yaml", "yml", "txt" -> "text/plain; charset=utf-8";
          default -> "application/octet-stream";
        });
  }

  private static void send(HttpServerRequest request, String type, String csp, Buffer body) {
    HttpServerResponse response = request.response();
    headers(response, type, csp);
    response.setStatusCode(200).end(body);
  }

  private static void headers(HttpServerResponse response, String type, String csp) {
    response
        .putHeader(HttpHeaders.CONTENT_TYPE, type)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader("Content-Security-Policy", csp)
        .putHeader("X-Content-Type-Options", "nosniff");
  }

  private static void error(HttpServerRequest request, int status, String message) {
    request
        .response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
        .end(message + "\n");
  }

  private static byte[] resource(String name) {
    try (InputStream in = StatusPages.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The uPlot webjar's directory, for the version on the class path. */
  private static String uplotDirectory() {
    Properties properties = new Properties();
    try (InputStream in =
        StatusPages.class
            .getClassLoader()
            .getResourceAsStream("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
      if (in == null) {
        throw new IllegalStateException("the uPlot webjar (org.webjars.npm:uplot) is missing");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return "META-INF/resources/webjars/uplot/" + properties.getProperty("version") + "/";
  }
}
