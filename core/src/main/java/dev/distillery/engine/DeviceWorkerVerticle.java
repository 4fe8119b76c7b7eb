package dev.distillery.engine;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers stage jobs for one device. It listens on {@link EventBusAddresses#jobs(String)} and runs
 * each job on the device's own named worker pool ({@code distillery-<pool>}) with as many threads
 * as the device has slots; jobs beyond the slot count wait in the pool's queue. The event loop only
 * hands work over and replies.
 */
public final class DeviceWorkerVerticle extends VerticleBase {

  /** Failure code of a reply when the stage threw. */
  public static final int STAGE_FAILED = 500;

  /** Failure code when the run is unknown on this node. */
  public static final int UNKNOWN_RUN = 404;

  private static final Logger LOG = LoggerFactory.getLogger(DeviceWorkerVerticle.class);
  private static final Map<String, StageJobHandler> HANDLERS = new ConcurrentHashMap<>();

  private final String pool;
  private final int slots;
  private final AtomicInteger busy = new AtomicInteger();
  private WorkerExecutor executor;
  private MessageConsumer<JsonObject> consumer;

  public DeviceWorkerVerticle(String pool, int slots) {
    if (slots < 1) {
      throw new IllegalArgumentException("a device needs at least one slot, got " + slots);
    }
    this.pool = pool;
    this.slots = slots;
  }

  /** Makes a run's jobs executable on this node. */
  public static void register(String runId, StageJobHandler handler) {
    HANDLERS.put(runId, handler);
  }

  public static void unregister(String runId) {
    HANDLERS.remove(runId);
  }

  public String pool() {
    return pool;
  }

  public int slots() {
    return slots;
  }

  /** Jobs running right now. */
  public int busySlots() {
    return busy.get();
  }

  @Override
  public Future<?> start() {
    executor = vertx.createSharedWorkerExecutor("distillery-" + pool, slots, 365, TimeUnit.DAYS);
    consumer = vertx.eventBus().consumer(EventBusAddresses.jobs(pool), this::onJob);
    return consumer.completion();
  }

  private void onJob(Message<JsonObject> message) {
    StageJob job = StageJob.fromJson(message.body());
    StageJobHandler handler = HANDLERS.get(job.runId());
    if (handler == null) {
      message.fail(UNKNOWN_RUN, "run " + job.runId() + " is not active on this node");
      return;
    }
    executor
        .<JsonObject>executeBlocking(
            () -> {
              busy.incrementAndGet();
              try {
                return handler.execute(job);
              } finally {
                busy.decrementAndGet();
              }
            },
            false)
        .onComplete(
            result -> {
              if (result.succeeded()) {
                message.reply(result.result());
              } else {
                Throwable error = result.cause();
                LOG.debug("stage {} failed", job.stageId(), error);
                message.fail(STAGE_FAILED, describe(error));
              }
            });
  }

  private static String describe(Throwable error) {
    String text = error.getMessage();
    return text == null || text.isBlank() ? error.getClass().getSimpleName() : text;
  }

  @Override
  public Future<?> stop() {
    Promise<Void> done = Promise.promise();
    consumer.unregister().onComplete(ignored -> executor.close().onComplete(done));
    return done.future();
  }
}
