package dev.distillery.engine;

import dev.distillery.pipeline.StageDevice;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * What a worker publishes every heartbeat on {@link EventBusAddresses#WORKERS}: who it is, its
 * pools with the slots in use, the jobs it runs and recently ended, and a proof that it holds the
 * cluster credential.
 *
 * @param workerId the worker's name (unique in the cluster)
 * @param nodeId the cluster node it runs on (changes when the worker process restarts)
 * @param host the host it is reachable at
 * @param protocol the coordinator/worker protocol version ({@link #PROTOCOL})
 * @param version the Distillery version
 * @param metrics its /metrics URL, or null
 * @param pools its pools
 * @param jobs running jobs and jobs that ended lately
 * @param proof the credential proof over {@link #provenText()}, or null without a credential
 * @param sequence counts the worker's adverts: a higher one is newer
 */
public record WorkerAdvert(
    String workerId,
    String nodeId,
    String host,
    int protocol,
    String version,
    String metrics,
    List<PoolState> pools,
    List<JobState> jobs,
    String proof,
    long sequence) {

  /** The protocol version this build speaks; a coordinator refuses workers with another. */
  public static final int PROTOCOL = 1;

  /** A pool and its slots in use. */
  public record PoolState(String name, StageDevice kind, int slots, int busy) {
    public int free() {
      return slots - busy;
    }
  }

  /**
   * A job the worker runs or ran.
   *
   * @param state {@code running}, or the status it ended with ({@code succeeded}, {@code failed},
   *     {@code cancelled})
   */
  public record JobState(
      String jobId,
      String runId,
      String stageId,
      int attempt,
      String state,
      String message,
      double seconds) {
    public boolean running() {
      return "running".equals(state);
    }
  }

  /** The text a worker proves it can sign: its name, node and protocol. */
  public String provenText() {
    return provenText(workerId, nodeId, protocol);
  }

  /** {@link #provenText()} of a worker's name, node and protocol. */
  public static String provenText(String workerId, String nodeId, int protocol) {
    return workerId + "|" + nodeId + "|" + protocol;
  }

  /** The worker's pool of that name, or null. */
  public PoolState pool(String name) {
    return pools.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
  }

  /** E.g. {@code w1 (cpu 1/2 busy, gpu0 0/1 busy)}. */
  public String describe() {
    StringBuilder text = new StringBuilder(workerId).append(" (");
    for (int i = 0; i < pools.size(); i++) {
      PoolState pool = pools.get(i);
      text.append(i == 0 ? "" : ", ")
          .append(pool.name())
          .append(' ')
          .append(pool.busy())
          .append('/')
          .append(pool.slots())
          .append(" busy");
    }
    return text.append(')').toString();
  }

  public JsonObject toJson() {
    JsonArray poolArray = new JsonArray();
    for (PoolState pool : pools) {
      poolArray.add(
          new JsonObject()
              .put("name", pool.name())
              .put("kind", pool.kind().id())
              .put("slots", pool.slots())
              .put("busy", pool.busy()));
    }
    JsonArray jobArray = new JsonArray();
    for (JobState job : jobs) {
      jobArray.add(
          new JsonObject()
              .put("jobId", job.jobId())
              .put("runId", job.runId())
              .put("stageId", job.stageId())
              .put("attempt", job.attempt())
              .put("state", job.state())
              .put("message", job.message())
              .put("seconds", job.seconds()));
    }
    return new JsonObject()
        .put("workerId", workerId)
        .put("nodeId", nodeId)
        .put("host", host)
        .put("protocol", protocol)
        .put("version", version)
        .put("metrics", metrics)
        .put("pools", poolArray)
        .put("jobs", jobArray)
        .put("proof", proof)
        .put("sequence", sequence);
  }

  public static WorkerAdvert fromJson(JsonObject json) {
    List<PoolState> pools = new ArrayList<>();
    for (Object item : json.getJsonArray("pools", new JsonArray())) {
      JsonObject pool = (JsonObject) item;
      pools.add(
          new PoolState(
              pool.getString("name"),
              StageDevice.fromId(pool.getString("kind")),
              pool.getInteger("slots"),
              pool.getInteger("busy")));
    }
    List<JobState> jobs = new ArrayList<>();
    for (Object item : json.getJsonArray("jobs", new JsonArray())) {
      JsonObject job = (JsonObject) item;
      jobs.add(
          new JobState(
              job.getString("jobId"),
              job.getString("runId"),
              job.getString("stageId"),
              job.getInteger("attempt", 1),
              job.getString("state"),
              job.getString("message"),
              job.getDouble("seconds", 0.0)));
    }
    return new WorkerAdvert(
        json.getString("workerId"),
        json.getString("nodeId"),
        json.getString("host"),
        json.getInteger("protocol", 0),
        json.getString("version"),
        json.getString("metrics"),
        pools,
        jobs,
        json.getString("proof"),
        json.getLong("sequence", 0L));
  }

  /** True when the advert lists the job (running or ended). */
  public boolean lists(String jobId) {
    return jobs.stream().anyMatch(job -> job.jobId().equals(jobId));
  }
}
