package dev.distillery.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process-wide metrics of a Distillery run: one {@link PrometheusMeterRegistry} holding JVM
 * (memory, GC, threads, class loading), processor, uptime, file-descriptor and process-memory
 * ({@code process.memory.rss}, {@code process.memory.virtual}) meters, and the Vert.x options that
 * make Vert.x publish its own meters (worker pools: {@code vertx_pool_*}, event bus, HTTP) into the
 * same registry.
 *
 * <p>Vert.x 5 has no {@code MicrometerMetricsOptions.setMicrometerRegistry}: the registry goes in
 * through {@link MicrometerMetricsFactory}, so build the Vertx with {@link #vertxBuilder} (or
 * {@link #createVertx}), not {@code Vertx.vertx(options)}. Each setup uses its own Vert.x registry
 * name: Vert.x keys its backend registries by that name, and two Vertx instances sharing a name
 * would both report into the first one's registry.
 *
 * <pre>{@code
 * try (MetricsSetup metrics = MetricsSetup.create()) {
 *   Vertx vertx = metrics.createVertx();
 *   MetricsServer server = MetricsServer.start(vertx, metrics.registry(), "127.0.0.1", 9464)...;
 * }
 * }</pre>
 */
public final class MetricsSetup implements AutoCloseable {

  private static final AtomicInteger SETUPS = new AtomicInteger();

  private final PrometheusMeterRegistry registry;
  private final String vertxRegistryName;
  private final JvmGcMetrics gcMetrics;

  private MetricsSetup(PrometheusMeterRegistry registry, Tags commonTags) {
    this.registry = registry;
    registry.config().commonTags(commonTags);
    this.vertxRegistryName = "distillery-" + SETUPS.incrementAndGet();
    this.gcMetrics = new JvmGcMetrics();
    List<MeterBinder> binders =
        List.of(
            new JvmMemoryMetrics(),
            gcMetrics,
            new JvmThreadMetrics(),
            new ClassLoaderMetrics(),
            new ProcessorMetrics(),
            new UptimeMetrics(),
            new FileDescriptorMetrics(),
            new ProcessMemoryMetrics());
    binders.forEach(binder -> binder.bindTo(registry));
  }

  /** A new Prometheus registry with the JVM and process meters bound. */
  public static MetricsSetup create() {
    return create(Tags.empty());
  }

  /**
   * A new registry whose every meter carries {@code commonTags} (a worker's {@code worker} tag),
   * JVM meters included.
   */
  public static MetricsSetup create(Tags commonTags) {
    return new MetricsSetup(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), commonTags);
  }

  /** The registry: pass it to {@link MetricsServer#start} and {@link RunMetrics}. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * Vert.x metrics options for this registry: Micrometer enabled, Prometheus naming (no embedded
   * server: {@link MetricsServer} serves the scrape), Vert.x's own JVM meters off (this setup binds
   * them already).
   */
  public MicrometerMetricsOptions metricsOptions() {
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        .setRegistryName(vertxRegistryName)
        .setJvmMetricsEnabled(false)
        .setPrometheusOptions(
            new VertxPrometheusOptions().setEnabled(true).setStartEmbeddedServer(false));
  }

  /** Default {@link VertxOptions} with {@link #metricsOptions()}. */
  public VertxOptions vertxOptions() {
    return vertxOptions(new VertxOptions());
  }

  /** A copy of {@code base} with {@link #metricsOptions()}. */
  public VertxOptions vertxOptions(VertxOptions base) {
    requireNonNull(base, "base is null");
    return new VertxOptions(base).setMetricsOptions(metricsOptions());
  }

  /**
   * A Vert.x builder whose metrics go to {@link #registry()}. {@code options} should come from
   * {@link #vertxOptions(VertxOptions)}; options without metrics enabled get {@link
   * #metricsOptions()}.
   */
  public VertxBuilder vertxBuilder(VertxOptions options) {
    requireNonNull(options, "options is null");
    VertxOptions withMetrics =
        options.getMetricsOptions() instanceof MicrometerMetricsOptions micrometer
                && micrometer.isEnabled()
            ? options
            : vertxOptions(options);
    return Vertx.builder().with(withMetrics).withMetrics(new MicrometerMetricsFactory(registry));
  }

  /** A local (non-clustered) Vertx with default options reporting to {@link #registry()}. */
  public Vertx createVertx() {
    return vertxBuilder(vertxOptions()).build();
  }

  /** Stops the GC listener and closes the registry. Close the Vertx first. */
  @Override
  public void close() {
    gcMetrics.close();
    registry.close();
  }
}
