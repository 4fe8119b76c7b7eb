package dev.distillery.stages;

import dev.distillery.engine.PipelineRunner;
import dev.distillery.pipeline.PipelineLoader;
import dev.distillery.pipeline.PipelineSpec;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.run.RunDirectory;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A finished run of a tiny pipeline that several tests of one JVM read (run once, in a temporary
 * directory deleted at exit), with the progress events it published.
 */
record SharedRun(
    RunDirectory directory, PipelineRunner.RunResult result, List<JsonObject> progress) {

  /** Runs {@code pipeline} (YAML) to the end. */
  static SharedRun of(String name, String pipeline) {
    try {
      Path directory = Files.createTempDirectory(name);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(directory)));
      PluginRegistry plugins = PluginRegistry.discover(SharedRun.class.getClassLoader());
      Path file = TinyPipelines.write(directory, name + ".yaml", pipeline);
      PipelineSpec spec = new PipelineLoader(plugins).load(file);
      RunDirectory runDirectory = RunDirectory.create(directory.resolve("runs"), spec.name());
      List<JsonObject> progress = new CopyOnWriteArrayList<>();
      try (PipelineRunner runner =
          PipelineRunner.start(
              new PipelineRunner.Settings(1, "127.0.0.1", null, List.of(directory)), plugins)) {
        return new SharedRun(
            runDirectory, runner.run(spec, pipeline, runDirectory, progress::add), progress);
      }
    } catch (Exception e) {
      throw new IllegalStateException("the " + name + " run failed", e);
    }
  }

  private static void delete(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort at JVM exit
    }
  }
}
