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
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs stage jobs of one run on a worker thread: prepares the stage directory (discarding artifacts
 * and checkpoints made under another stage key), runs the stage plugin, and stores its result. User
 * mistakes fail the stage with their message; anything else with its type and message, the stack
 * trace going to the run log.
 */
public final class StageExecution implements StageJobHandler {

  private static final Logger LOG = LoggerFactory.getLogger(StageExecution.class);

  private final RunSession session;

  public StageExecution(RunSession session) {
    this.session = session;
  }

  @Override
  public JsonObject execute(StageJob job) throws Exception {
    String stageId = job.stageId();
    StageSpec spec = session.stage(stageId);
    StagePlugin<?> plugin =
        (StagePlugin<?>) session.plugins().require(PluginRegistry.Kind.STAGE, spec.uses());
    Path directory = session.directory().stageDirectory(stageId);
    String previousKey = session.previousKey(stageId);
    if (previousKey != null && !previousKey.equals(spec.key())) {
      LOG.info("stage {} changed since its last run; starting it afresh", stageId);
      deleteTree(directory);
    }
    Files.createDirectories(directory);
    session.stageStatus(stageId, StageStatus.RUNNING, null);
    session.metrics().stageStarted(stageId);
    long started = System.nanoTime();
    try {
      ThreadGradientCollector.disableOnThisThread();
      Splits splits =
          plugin.readsTrainingImages() ? session.splits() : session.splits().withoutTraining();
      RunStageContext context = new RunStageContext(session, stageId, splits);
      StageResult result = run(plugin, spec.options(), context);
      session.writeResult(stageId, result);
      session.stageStatus(stageId, StageStatus.SUCCEEDED, null);
      double seconds = (System.nanoTime() - started) / 1e9;
      session.record(
          stageId,
          "stage_finished",
          java.util.Map.of("seconds", seconds, "summary", result.summary()));
      return new JsonObject().put("stage", stageId).put("seconds", seconds);
    } catch (StageCancelledException e) {
      session.stageStatus(stageId, StageStatus.CANCELLED, e.getMessage());
      throw e;
    } catch (UserException e) {
      session.stageStatus(stageId, StageStatus.FAILED, e.getMessage());
      throw e;
    } catch (Exception | Error e) {
      LOG.error("stage {} failed", stageId, e);
      String message = e.getClass().getSimpleName() + ": " + e.getMessage();
      session.stageStatus(stageId, StageStatus.FAILED, message);
      throw new IllegalStateException(message + " (stack trace in logs/run.log)", e);
    } finally {
      session.metrics().stageFinished(stageId);
    }
  }

  @SuppressWarnings("unchecked")
  private static <O> StageResult run(StagePlugin<O> plugin, Object options, RunStageContext context)
      throws Exception {
    O typed = options != null ? (O) options : OptionsMapper.bind(null, plugin.optionsType());
    return plugin.run(typed, context);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
