package dev.distillery.engine;

import dev.distillery.options.OptionsMapper;
import dev.distillery.pipeline.StageSpec;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.run.StageStatus;
import dev.distillery.spi.StageCancelledException;
import dev.distillery.spi.StagePlugin;
import dev.distillery.spi.StageResult;
import dev.distillery.spi.UserException;
import dev.distillery.training.ThreadGradientCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one stage job on a worker thread: runs the stage plugin on the job's device and stores its
 * result in the stage directory. Never throws: user mistakes end the job with their message,
 * anything else with its type and message (the stack trace goes to the log), a stop request as
 * cancelled. The run's state file is the coordinator's; this class never writes it.
 */
final class StageExecution {

  private static final Logger LOG = LoggerFactory.getLogger(StageExecution.class);

  /** How a job ended on the worker. */
  record JobEnd(StageStatus status, String message, double seconds) {}

  private StageExecution() {}

  static JobEnd execute(StageRuntime runtime, StageJob job, DevicePool pool) {
    String stageId = job.stageId();
    long started = System.nanoTime();
    runtime.metrics().stageStarted(stageId);
    try {
      StageSpec spec = runtime.stage(stageId);
      StagePlugin<?> plugin =
          (StagePlugin<?>) runtime.plugins().require(PluginRegistry.Kind.STAGE, spec.uses());
      Path directory = runtime.directory().stageDirectory(stageId);
      Files.createDirectories(directory);
      ThreadGradientCollector.disableOnThisThread();
      Splits splits =
          plugin.readsTrainingImages() ? runtime.splits() : runtime.splits().withoutTraining();
      RunStageContext context = new RunStageContext(runtime, stageId, splits, pool.device());
      StageResult result = run(plugin, spec.options(), context);
      runtime.writeResult(stageId, result);
      // the digests of what the stage leaves: a later run re-runs it if they stop matching
      dev.distillery.run.StageArtifacts.of(directory, spec.key()).write(directory);
      double seconds = seconds(started);
      runtime.record(
          stageId, "stage_finished", Map.of("seconds", seconds, "summary", result.summary()));
      return new JobEnd(StageStatus.SUCCEEDED, null, seconds);
    } catch (StageCancelledException e) {
      return new JobEnd(StageStatus.CANCELLED, e.getMessage(), seconds(started));
    } catch (UserException e) {
      return new JobEnd(StageStatus.FAILED, e.getMessage(), seconds(started));
    } catch (Exception | Error e) {
      LOG.error("stage {} failed: {}", stageId, e.toString(), e);
      java.io.IOException io = ioCause(e);
      if (io != null) {
        // a full disk, a permission: the operating system's reason, and what to do
        return new JobEnd(
            StageStatus.FAILED,
            e.getMessage()
                + ": "
                + dev.distillery.files.DurableFiles.reason(io)
                + "; fix that, then `distillery resume`",
            seconds(started));
      }
      String message = e.getClass().getSimpleName() + ": " + e.getMessage();
      return new JobEnd(
          StageStatus.FAILED, message + " (stack trace in logs/run.log)", seconds(started));
    } finally {
      runtime.metrics().stageFinished(stageId);
    }
  }

  private static java.io.IOException ioCause(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.io.IOException io) {
        return io;
      }
    }
    return null;
  }

  private static double seconds(long started) {
    return (System.nanoTime() - started) / 1e9;
  }

  @SuppressWarnings("unchecked")
  private static <O> StageResult run(StagePlugin<O> plugin, Object options, RunStageContext context)
      throws Exception {
    O typed = options != null ? (O) options : OptionsMapper.bind(null, plugin.optionsType());
    return plugin.run(typed, context);
  }
}
