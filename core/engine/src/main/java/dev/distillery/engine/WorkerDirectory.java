package dev.distillery.engine;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's view of the workers: built from their adverts ({@link
 * EventBusAddresses#WORKERS}). A worker is live while its adverts keep coming (every heartbeat); it
 * is lost when none came for the timeout, when its cluster node leaves, or when it comes back as
 * another process (a new node id). Workers whose advert does not carry a valid credential proof or
 * speaks another protocol are refused: both sides log why.
 */
public final class WorkerDirectory implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerDirectory.class);

  /** Told about adverts and lost workers (on an event-loop thread). */
  public interface Listener {
    void advert(WorkerAdvert advert);

    void lost(WorkerAdvert last, String reason);
  }

  private record Entry(WorkerAdvert advert, long seenAt) {}

  private final Vertx vertx;
  private final ClusterTrust trust;
  private final long timeoutMillis;
  private final Map<String, Entry> workers = new LinkedHashMap<>();
  private final Set<String> refused = new HashSet<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final List<Promise<Void>> awaiting = new ArrayList<>();
  private MessageConsumer<JsonObject> consumer;
  private long timer = -1;

  /**
   * @param timeoutMillis a worker without an advert for this long is lost (0: never, for the
   *     single-JVM mode)
   */
  public WorkerDirectory(Vertx vertx, ClusterTrust trust, long timeoutMillis) {
    this.vertx = vertx;
    this.trust = trust;
    this.timeoutMillis = timeoutMillis;
  }

  /** Starts listening and asks every worker for its advert. */
  public Future<Void> start() {
    consumer = vertx.eventBus().consumer(EventBusAddresses.WORKERS, m -> onAdvert(m.body()));
    if (timeoutMillis > 0) {
      timer = vertx.setPeriodic(Math.max(100, timeoutMillis / 10), id -> expire());
    }
    return consumer
        .completion()
        .onSuccess(ignored -> vertx.eventBus().publish(EventBusAddresses.WORKERS_HELLO, "hello"));
  }

  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  public void removeListener(Listener listener) {
    listeners.remove(listener);
  }

  /** The live workers' latest adverts, in the order they joined. */
  public synchronized List<WorkerAdvert> live() {
    return workers.values().stream().map(Entry::advert).toList();
  }

  /** Completes when at least one worker is live. */
  public Future<Void> anyWorker() {
    synchronized (this) {
      if (!workers.isEmpty()) {
        return Future.succeededFuture();
      }
      Promise<Void> promise = Promise.promise();
      awaiting.add(promise);
      return promise.future();
    }
  }

  /** The cluster node {@code nodeId} left: its workers are lost. */
  public void memberLeft(String nodeId) {
    List<WorkerAdvert> gone = new ArrayList<>();
    synchronized (this) {
      workers
          .values()
          .removeIf(
              entry -> {
                if (entry.advert().nodeId().equals(nodeId)) {
                  gone.add(entry.advert());
                  return true;
                }
                return false;
              });
    }
    gone.forEach(advert -> lose(advert, "its cluster node left (process ended or unreachable)"));
  }

  private void onAdvert(JsonObject json) {
    WorkerAdvert advert;
    try {
      advert = WorkerAdvert.fromJson(json);
    } catch (RuntimeException e) {
      LOG.warn("ignoring a malformed worker advert: {}", e.toString());
      return;
    }
    String refusal = refusal(advert);
    if (refusal != null) {
      refuse(advert, refusal);
      return;
    }
    WorkerAdvert replaced = null;
    List<Promise<Void>> ready;
    synchronized (this) {
      Entry known = workers.get(advert.workerId());
      if (known != null && !known.advert().nodeId().equals(advert.nodeId())) {
        replaced = known.advert();
      }
      if (known == null) {
        LOG.info("worker {} joined: {}", advert.workerId(), advert.describe());
        // open this node's event-bus connection to the worker now, not with its first job
        vertx
            .eventBus()
            .request(
                EventBusAddresses.control(advert.workerId()), new JsonObject().put("type", "ping"));
      }
      workers.put(advert.workerId(), new Entry(advert, System.nanoTime()));
      ready = new ArrayList<>(awaiting);
      awaiting.clear();
    }
    if (replaced != null) {
      lose(replaced, "it restarted as another process");
    }
    ready.forEach(Promise::tryComplete);
    for (Listener listener : listeners) {
      listener.advert(advert);
    }
  }

  private String refusal(WorkerAdvert advert) {
    if (advert.protocol() != WorkerAdvert.PROTOCOL) {
      return "it speaks coordinator protocol "
          + advert.protocol()
          + " (Distillery "
          + advert.version()
          + "), this coordinator speaks "
          + WorkerAdvert.PROTOCOL
          + ": run the same Distillery version on every node";
    }
    String why = trust.refusal(advert.provenText(), advert.proof());
    return why;
  }

  private void refuse(WorkerAdvert advert, String reason) {
    boolean first;
    synchronized (this) {
      first = refused.add(advert.workerId() + "@" + advert.nodeId());
    }
    if (first) {
      LOG.error("refused worker {} on {}: {}", advert.workerId(), advert.host(), reason);
    }
    vertx
        .eventBus()
        .send(
            EventBusAddresses.control(advert.workerId()),
            new JsonObject().put("type", "refused").put("reason", reason));
  }

  private void expire() {
    long now = System.nanoTime();
    List<WorkerAdvert> gone = new ArrayList<>();
    synchronized (this) {
      workers
          .values()
          .removeIf(
              entry -> {
                if ((now - entry.seenAt()) / 1_000_000 > timeoutMillis) {
                  gone.add(entry.advert());
                  return true;
                }
                return false;
              });
    }
    gone.forEach(advert -> lose(advert, "no heartbeat for " + timeoutMillis / 1000.0 + " s"));
  }

  private void lose(WorkerAdvert advert, String reason) {
    LOG.warn("worker {} lost: {}", advert.workerId(), reason);
    for (Listener listener : listeners) {
      listener.lost(advert, reason);
    }
  }

  @Override
  public void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    if (consumer != null) {
      consumer.unregister();
    }
  }
}
