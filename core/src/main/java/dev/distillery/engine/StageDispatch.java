package dev.distillery.engine;

import dev.distillery.run.StageStatus;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's {@link StageDispatcher}: fails a stage whose needs failed (naming them), keeps a stage
 * that is up to date, and otherwise sends a {@link StageJob} to the device's worker pool over the
 * event bus and turns the reply into the stage's outcome.
 */
public final class StageDispatch implements StageDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(StageDispatch.class);

  private final RunSession session;

  public StageDispatch(RunSession session) {
    this.session = session;
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
      LOG.info("stage {} is up to date; keeping its result", stageId);
      session.record(stageId, "reused", java.util.Map.of());
      return Future.succeededFuture(StageOutcome.succeeded(stageId, true));
    }
    StageJob job = new StageJob(session.runId(), session.directory().path().toString(), stageId);
    DeliveryOptions delivery = new DeliveryOptions().setSendTimeout(TimeUnit.DAYS.toMillis(30));
    return session
        .vertx()
        .eventBus()
        .<JsonObject>request(
            EventBusAddresses.jobs(session.device().pool()), job.toJson(), delivery)
        .map(reply -> StageOutcome.succeeded(stageId, false))
        .recover(
            error -> {
              String message =
                  error instanceof ReplyException reply ? reply.getMessage() : error.toString();
              StageStatus status = session.stopping() ? StageStatus.CANCELLED : StageStatus.FAILED;
              return Future.succeededFuture(new StageOutcome(stageId, status, message, false));
            });
  }

  private StageOutcome end(String stageId, StageStatus status, String reason) {
    session.stageStatus(stageId, status, reason);
    return new StageOutcome(stageId, status, reason, false);
  }
}
