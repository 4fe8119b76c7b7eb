package dev.distillery.stages.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.engine.PipelineRunner;
import dev.distillery.pipeline.PipelineLoader;
import dev.distillery.pipeline.PipelineSpec;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.run.RunDirectory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged newest checkpoint: the stage continues from the one before it and says so; with both
 * damaged it starts from the beginning and says so. Either way it ends with the bytes of an
 * uninterrupted run.
 */
class DamagedCheckpointTest {

  @Test
  void aDamagedNewestCheckpointFallsBackToThePreviousOneAndThenToTheStart(@TempDir Path directory)
      throws Exception {
    Path file = FaultRuns.write(directory);
    PluginRegistry plugins = PluginRegistry.discover(getClass().getClassLoader());
    PipelineSpec pipeline = new PipelineLoader(plugins).load(file);
    String text = Files.readString(file);
    PipelineRunner.Settings settings =
        new PipelineRunner.Settings(1, "127.0.0.1", null, List.of(directory));
    RunDirectory straight = RunDirectory.create(directory.resolve("a"), pipeline.name());
    RunDirectory previous = RunDirectory.create(directory.resolve("b"), pipeline.name());
    RunDirectory start = RunDirectory.create(directory.resolve("c"), pipeline.name());
    try (PipelineRunner runner = PipelineRunner.start(settings, plugins)) {
      assertThat(runner.run(pipeline, text, straight, event -> {}).succeeded()).isTrue();
      for (RunDirectory run : List.of(previous, start)) {
        AtomicBoolean asked = new AtomicBoolean();
        PipelineRunner.RunResult stopped =
            runner.run(
                pipeline,
                text,
                run,
                event -> {
                  // in the middle of the second epoch, after at least one checkpoint
                  if ("teacher".equals(event.getString("stage"))
                      && "epoch 2/3".equals(event.getString("phase"))
                      && event.getLong("done") >= 2
                      && asked.compareAndSet(false, true)) {
                    runner.requestStop();
                  }
                });
        assertThat(stopped.cancelled()).isTrue();
      }
      Path checkpoints = previous.checkpointDirectory("teacher");
      assertThat(checkpointDirectories(checkpoints)).hasSize(2);
      truncate(checkpoints.resolve(latest(checkpoints)).resolve("optimizer.bin"));
      String log = capturingErr(() -> runner.run(pipeline, text, previous, event -> {}));
      assertThat(log).contains("is damaged (").contains("continuing from the one before it");

      Path both = start.checkpointDirectory("teacher");
      for (Path checkpoint : checkpointDirectories(both)) {
        truncate(checkpoint.resolve("block-0.params"));
      }
      String fromStart = capturingErr(() -> runner.run(pipeline, text, start, event -> {}));
      assertThat(fromStart)
          .contains("no usable checkpoint is left")
          .contains("starts from the beginning");
    }
    for (RunDirectory run : List.of(previous, start)) {
      assertThat(
              Files.mismatch(
                  straight.stageDirectory("teacher").resolve("model.params"),
                  run.stageDirectory("teacher").resolve("model.params")))
          .as("teacher parameters of %s", run.path())
          .isEqualTo(-1L);
    }
  }

  private interface Run {
    PipelineRunner.RunResult run() throws Exception;
  }

  private static String capturingErr(Run run) throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertThat(run.run().succeeded()).isTrue();
    } finally {
      System.setErr(original);
    }
    return err.toString(StandardCharsets.UTF_8);
  }

  private static String latest(Path checkpoints) throws Exception {
    return Files.readString(checkpoints.resolve("LATEST")).trim();
  }

  private static List<Path> checkpointDirectories(Path checkpoints) throws Exception {
    try (Stream<Path> entries = Files.list(checkpoints)) {
      return entries.filter(Files::isDirectory).toList();
    }
  }

  private static void truncate(Path file) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 3));
  }
}
