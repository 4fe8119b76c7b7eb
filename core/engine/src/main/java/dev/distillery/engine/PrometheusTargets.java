package dev.distillery.engine;

import dev.distillery.options.OptionsMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code prometheus-targets.json} in a run directory, and a copy in {@code
 * <runs>/prometheus-targets/<pipeline>--<run-id>.json}: Prometheus's file-based service discovery
 * format listing the coordinator's and every live worker's /metrics address (labels {@code role},
 * {@code worker}, {@code run_id}). Point a {@code file_sd_configs} entry at {@code
 * <runs>/prometheus-targets/*.json} and Prometheus follows runs, and workers joining and leaving.
 * Rewritten atomically when the list changes.
 */
final class PrometheusTargets {

  private static final Logger LOG = LoggerFactory.getLogger(PrometheusTargets.class);

  private final Path file;
  private final Path copy;
  private final String runId;
  private final String coordinator;
  private String written;

  /**
   * @param coordinator the coordinator's {@code host:port}, or null when it serves no metrics
   */
  PrometheusTargets(Path runDirectory, String runId, String coordinator) {
    this.file = runDirectory.resolve("prometheus-targets.json");
    Path pipelineDirectory = runDirectory.toAbsolutePath().getParent();
    this.copy =
        pipelineDirectory
            .getParent()
            .resolve("prometheus-targets")
            .resolve(pipelineDirectory.getFileName() + "--" + runId + ".json");
    this.runId = runId;
    this.coordinator = coordinator;
  }

  synchronized void update(List<WorkerAdvert> workers) {
    List<Map<String, Object>> groups = new ArrayList<>();
    if (coordinator != null) {
      groups.add(group(coordinator, Map.of("role", "coordinator", "run_id", runId)));
    }
    for (WorkerAdvert worker : workers) {
      if (worker.metrics() == null) {
        continue;
      }
      URI url = URI.create(worker.metrics());
      groups.add(
          group(
              url.getHost() + ":" + url.getPort(),
              Map.of("role", "worker", "worker", worker.workerId(), "run_id", runId)));
    }
    try {
      String json =
          OptionsMapper.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(groups);
      if (json.equals(written)) {
        return;
      }
      write(file, json);
      Files.createDirectories(copy.getParent());
      write(copy, json);
      written = json;
    } catch (IOException e) {
      LOG.warn("cannot write {}: {}", file, e.toString());
    }
  }

  private static void write(Path target, String json) throws IOException {
    Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
    Files.writeString(temporary, json + "\n");
    Files.move(
        temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static Map<String, Object> group(String target, Map<String, String> labels) {
    Map<String, Object> group = new LinkedHashMap<>();
    group.put("targets", List.of(target));
    group.put("labels", new java.util.TreeMap<>(labels));
    return group;
  }
}
