package dev.distillery.engine;

import dev.distillery.run.StageStatus;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's {@link StageDispatcher}: fails a stage whose needs failed (naming them), keeps a stage
 * that is up to date, discards what a stage left under another stage key, and otherwise hands the
 * stage to the {@link StageScheduler}, which places it on a worker.
 */
final class StageDispatch implements StageDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(StageDispatch.class);

  private final RunSession session;
  private final StageScheduler scheduler;

  StageDispatch(RunSession session, StageScheduler scheduler) {
    this.session = session;
    this.scheduler = scheduler;
  }

  @Override
  public Future<StageOutcome> dispatch(String stageId, List<StageOutcome> needs) {
    List<StageOutcome> failed = needs.stream().filter(o -> !o.succeeded()).toList();
    if (!failed.isEmpty()) {
      boolean cancelled = failed.stream().allMatch(o -> o.status() == StageStatus.CANCELLED);
      String reason =
          failed.stream()
              .map(o -> "'" + o.stageId() + "' " + o.status().name().toLowerCase())
              .collect(Collectors.joining(", ", "not run: needs ", ""));
      return Future.succeededFuture(
          end(stageId, cancelled ? StageStatus.CANCELLED : StageStatus.FAILED, reason));
    }
    if (session.stopping()) {
      return Future.succeededFuture(
          end(stageId, StageStatus.CANCELLED, "not started: the run was stopped"));
    }
    if (session.upToDate(stageId)) {
      List<String> problems = session.artifactProblems(stageId);
      if (problems.isEmpty()) {
        LOG.info("stage {} is up to date; keeping its result", stageId);
        session.record(stageId, "reused", java.util.Map.of());
        return Future.succeededFuture(StageOutcome.succeeded(stageId, true));
      }
      LOG.warn(
          "stage {} finished earlier, but its files changed since ({}); running it again from its"
              + " last checkpoint",
          stageId,
          String.join("; ", problems));
      session.record(stageId, "artifacts_changed", java.util.Map.of("problems", problems));
      try {
        deleteAllButCheckpoints(session.directory().stageDirectory(stageId));
      } catch (IOException e) {
        return Future.succeededFuture(
            end(
                stageId,
                StageStatus.FAILED,
                "cannot discard the stage's changed artifacts: " + e.getMessage()));
      }
    }
    String previousKey = session.previousKey(stageId);
    if (previousKey != null && !previousKey.equals(session.stage(stageId).key())) {
      LOG.info("stage {} changed since its last run; starting it afresh", stageId);
      try {
        deleteTree(session.directory().stageDirectory(stageId));
      } catch (IOException e) {
        return Future.succeededFuture(
            end(
                stageId,
                StageStatus.FAILED,
                "cannot discard the stage's earlier artifacts: " + e.getMessage()));
      }
    }
    return scheduler.submit(stageId);
  }

  private StageOutcome end(String stageId, StageStatus status, String reason) {
    try {
      session.stageStatus(stageId, status, reason);
    } catch (RuntimeException e) {
      LOG.error("stage {}: cannot record its end", stageId, e);
      return new StageOutcome(stageId, StageStatus.FAILED, reason + "; " + e.getMessage(), false);
    }
    return new StageOutcome(stageId, status, reason, false);
  }

  private static void deleteTree(Path root) throws IOException {
    deleteUnder(root, path -> false);
  }

  /** What a changed stage left, its checkpoints kept (it continues from them). */
  private static void deleteAllButCheckpoints(Path stageDirectory) throws IOException {
    Path checkpoints = stageDirectory.resolve("checkpoints");
    deleteUnder(
        stageDirectory, path -> path.equals(stageDirectory) || path.startsWith(checkpoints));
  }

  /** Deletes {@code root} and everything under it except the paths {@code keep} accepts. */
  private static void deleteUnder(Path root, java.util.function.Predicate<Path> keep)
      throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        if (!keep.test(path)) {
          Files.deleteIfExists(path);
        }
      }
    }
  }
}
