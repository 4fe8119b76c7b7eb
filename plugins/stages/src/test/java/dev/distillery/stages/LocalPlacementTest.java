package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.engine.PipelineRunner;
import dev.distillery.pipeline.PipelineLoader;
import dev.distillery.pipeline.PipelineSpec;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.run.RunDirectory;
import dev.distillery.spi.UserException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In one JVM the process is its own only worker: a stage asking for more than it offers is refused
 * before anything runs, and a run directory in use by a running pipeline is refused.
 */
class LocalPlacementTest {

  @Test
  void aStageAskingForMoreSlotsThanThisProcessOffersIsRefusedBeforeItRuns(@TempDir Path directory)
      throws Exception {
    String printed =
        TinyPipelines.refusedRun(
            directory,
            TinyPipelines.SINGLE_TRAIN.replace(
                "    uses: train\n", "    uses: train\n    slots: 3\n"));
    assertThat(printed)
        .contains("stage 'teacher' asks for 3 cpu slots")
        .contains("this process offers cpu with 1 slot (--cpu-slots 1)")
        .doesNotContain("Exception");
  }

  @Test
  void aGpuStageWithoutAGpuGetsTheGpuAdvice(@TempDir Path directory) throws Exception {
    String printed =
        TinyPipelines.refusedRun(
            directory,
            TinyPipelines.SINGLE_TRAIN.replace(
                "    uses: train\n", "    uses: train\n    device: gpu\n"));
    assertThat(printed).contains("device: gpu was asked for").contains("no CUDA device");
  }

  @Test
  void aSecondRunOnTheSameRunDirectoryIsRefusedWhileTheFirstHoldsIt(@TempDir Path directory)
      throws Exception {
    Path file = TinyPipelines.write(directory, "lock.yaml", TinyPipelines.SINGLE_TRAIN);
    PluginRegistry plugins = PluginRegistry.discover(getClass().getClassLoader());
    PipelineSpec pipeline = new PipelineLoader(plugins).load(file);
    String text = Files.readString(file);
    RunDirectory run = RunDirectory.create(directory.resolve("runs"), pipeline.name());
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (PipelineRunner first =
            PipelineRunner.start(
                new PipelineRunner.Settings(1, "127.0.0.1", null, List.of(directory)), plugins);
        PipelineRunner second =
            PipelineRunner.start(
                new PipelineRunner.Settings(1, "127.0.0.1", null, List.of(directory)), plugins)) {
      CompletableFuture<PipelineRunner.RunResult> holding =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return first.run(
                      pipeline,
                      text,
                      run,
                      event -> {
                        running.countDown();
                        try {
                          release.await(30, TimeUnit.SECONDS); // hold the stage (event loop)
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                      });
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      assertThat(running.await(60, TimeUnit.SECONDS)).isTrue();
      Assertions.assertThatThrownBy(() -> second.run(pipeline, text, run, event -> {}))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("is in use by another coordinator")
          .hasMessageContaining("pid " + ProcessHandle.current().pid());
      release.countDown();
      assertThat(holding.get(120, TimeUnit.SECONDS).succeeded()).isTrue();
    }
  }
}
