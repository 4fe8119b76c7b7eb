package dev.distillery.metrics;

import dev.distillery.training.ProcessMemory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Process memory as the kernel sees it, read from {@code /proc/self/status} on every scrape: {@code
 * process.memory.rss} (VmRSS, resident set size) and {@code process.memory.virtual} (VmSize), in
 * bytes. Unlike JVM heap metrics these include native memory (libtorch tensors, Netty buffers), so
 * they are the figures that show a native leak. Nothing is registered where the file is missing
 * (not Linux).
 */
public final class ProcessMemoryMetrics implements MeterBinder {

  /** Where the figures are read from. */
  public static final Path DEFAULT_STATUS_FILE = Path.of("/proc/self/status");

  private final Path statusFile;

  public ProcessMemoryMetrics() {
    this(DEFAULT_STATUS_FILE);
  }

  /** Reads {@code statusFile} instead of {@code /proc/self/status} (tests). */
  public ProcessMemoryMetrics(Path statusFile) {
    this.statusFile = statusFile;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    if (!Files.isReadable(statusFile)) {
      return;
    }
    // The function is held strongly by the gauge (no state object), so it never scrapes NaN
    // for want of a reference.
    Gauge.builder("process.memory.rss", () -> bytes("VmRSS:"))
        .description("Resident set size of the process (VmRSS), native memory included")
        .baseUnit(BaseUnits.BYTES)
        .register(registry);
    Gauge.builder("process.memory.virtual", () -> bytes("VmSize:"))
        .description("Virtual memory size of the process (VmSize)")
        .baseUnit(BaseUnits.BYTES)
        .register(registry);
  }

  /** The field in bytes, NaN (no sample) where the file or the field is missing. */
  private double bytes(String field) {
    long bytes = ProcessMemory.bytes(statusFile, field);
    return bytes < 0 ? Double.NaN : bytes;
  }
}
