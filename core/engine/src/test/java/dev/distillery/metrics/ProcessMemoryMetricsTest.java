package dev.distillery.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** VmRSS and VmSize of /proc/<pid>/status become process.memory.rss/virtual in bytes. */
class ProcessMemoryMetricsTest {

  private static final String STATUS =
      "Name:\tjava\nState:\tS (sleeping)\nVmPeak:\t 9999999 kB\nVmSize:\t 4194304 kB\n"
          + "VmRSS:\t  409600 kB\nThreads:\t42\n";

  @Test
  void readsKilobytesAsBytes(@TempDir Path dir) throws Exception {
    Path status = Files.writeString(dir.resolve("status"), STATUS);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();

    new ProcessMemoryMetrics(status).bindTo(registry);

    assertThat(registry.get("process.memory.rss").gauge().value()).isEqualTo(409_600 * 1024.0);
    assertThat(registry.get("process.memory.virtual").gauge().value())
        .isEqualTo(4_194_304 * 1024.0);
    assertThat(registry.get("process.memory.rss").gauge().getId().getBaseUnit()).isEqualTo("bytes");
    // Read on every scrape, not once.
    Files.writeString(status, STATUS.replace("409600", "512"));
    assertThat(registry.get("process.memory.rss").gauge().value()).isEqualTo(512 * 1024.0);
  }

  @Test
  void registersNothingWithoutStatusFile(@TempDir Path dir) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();

    new ProcessMemoryMetrics(dir.resolve("missing")).bindTo(registry);

    assertThat(registry.getMeters()).isEmpty();
  }
}
