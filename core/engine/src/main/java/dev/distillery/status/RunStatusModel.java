package dev.distillery.status;

import static java.util.Objects.requireNonNull;

import dev.distillery.pipeline.PipelineSpec;
import dev.distillery.pipeline.StageSpec;
import dev.distillery.run.RunDirectory;
import dev.distillery.run.RunState;
import dev.distillery.run.StageStatus;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where a run stands, for the live views (the status page and the terminal): the stages of the
 * pipeline with their needs, their state from {@code run.json}, the live progress events the stages
 * publish ({@code {stage, phase, done, total, figures}}) and the scheduler's placement notes
 * ({@code {stage, phase: waiting|placed|failover, note}}), and the per-epoch records of {@code
 * metrics.jsonl} (read incrementally).
 *
 * <p>Thread-safe: events come on an event-loop thread, snapshots are taken on worker threads.
 *
 * <p>Progress and ETA: a phase named {@code epoch k/N} counts as step {@code (k-1)·total + done} of
 * {@code N·total}; the rate is the steps seen since this model first saw the stage's training (so a
 * resumed stage is not credited with the steps of the earlier process), and the ETA is the
 * remaining steps at that rate (evaluation between epochs is not counted). Other phases count on
 * their own.
 */
public final class RunStatusModel {

  /** A stage's state as the views show it: run.json's, plus {@code waiting} for placement. */
  public enum StageView {
    PENDING,
    WAITING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    /** The lowercase name the JSON and the page use. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One stage as the views show it.
   *
   * @param id the stage id
   * @param uses its plugin
   * @param needs the stages it needs
   * @param state its state
   * @param phase the phase of its latest progress event (e.g. {@code epoch 2/5}), or null
   * @param done steps done of the current phase
   * @param total steps of the current phase (0: no progress yet, or a note)
   * @param fraction the stage's progress, 0-1, or null when unknown
   * @param etaSeconds the estimated seconds left, or null when unknown
   * @param figures the latest figures (losses, accuracies, lr, throughput)
   * @param note the latest placement note (waiting for what, placed where), or null
   * @param message run.json's message (a failure's reason), or null
   * @param seconds how long it ran, when it ended
   */
  public record Stage(
      String id,
      String uses,
      List<String> needs,
      StageView state,
      String phase,
      long done,
      long total,
      Double fraction,
      Double etaSeconds,
      Map<String, Double> figures,
      String note,
      String message,
      Double seconds) {}

  private static final Pattern EPOCH_PHASE = Pattern.compile("epoch (\\d+)/(\\d+)");

  /** Fields of an epoch record that are not curves. */
  private static final List<String> NOT_CURVES =
      List.of("time", "stage", "event", "epoch", "epochs", "seconds", "rss_bytes", "native_arrays");

  private static final int MAX_FILES = 400;

  private final RunDirectory directory;
  private final String pipeline;
  private final Map<String, StageSpec> stages;
  private final LongSupplier nanoTime;
  private final Map<String, Live> live = new LinkedHashMap<>();
  private final Map<String, TreeMap<Integer, JsonObject>> epochs = new LinkedHashMap<>();
  private long metricsOffset;
  private RunState lastState;

  /** A model of {@code pipeline} running in {@code directory}. */
  public RunStatusModel(PipelineSpec pipeline, RunDirectory directory) {
    this(pipeline.name(), pipeline.stages(), directory, System::nanoTime);
  }

  RunStatusModel(
      String pipeline, Map<String, StageSpec> stages, RunDirectory directory, LongSupplier nanos) {
    this.pipeline = requireNonNull(pipeline, "pipeline is null");
    this.stages = new LinkedHashMap<>(requireNonNull(stages, "stages is null"));
    this.directory = requireNonNull(directory, "directory is null");
    this.nanoTime = requireNonNull(nanos, "nanos is null");
  }

  public RunDirectory directory() {
    return directory;
  }

  /** Takes one progress event or placement note. Events of unknown stages are ignored. */
  public synchronized void accept(JsonObject event) {
    String stage = event.getString("stage");
    if (stage == null || !stages.containsKey(stage)) {
      return;
    }
    Live state = live.computeIfAbsent(stage, s -> new Live());
    String phase = event.getString("phase", "");
    String note = event.getString("note");
    if (note != null) {
      state.note = note;
      state.placement = phase;
      return;
    }
    state.placement = null;
    long done = event.getLong("done", 0L);
    long total = event.getLong("total", 0L);
    Matcher epoch = EPOCH_PHASE.matcher(phase);
    String family = epoch.matches() ? "epoch" : phase;
    long stepsDone = done;
    long stepsTotal = total;
    if (epoch.matches()) {
      long k = Long.parseLong(epoch.group(1));
      long n = Long.parseLong(epoch.group(2));
      stepsDone = (k - 1) * total + done;
      stepsTotal = n * total;
    }
    long now = nanoTime.getAsLong();
    if (!family.equals(state.family) || stepsDone < state.stepsDone) {
      state.family = family;
      state.since = now;
      state.stepsAtSince = stepsDone;
    }
    state.phase = phase;
    state.done = done;
    state.total = total;
    state.stepsDone = stepsDone;
    state.stepsTotal = stepsTotal;
    state.lastEvent = now;
    JsonObject figures = event.getJsonObject("figures");
    if (figures != null) {
      for (String name : figures.fieldNames()) {
        if (figures.getValue(name) instanceof Number number) {
          state.figures.put(name, number.doubleValue());
        }
      }
    }
  }

  /** The stages in pipeline order, with run.json's states (read now) and the live progress. */
  public synchronized List<Stage> stages() {
    RunState state = readState();
    List<Stage> views = new ArrayList<>();
    for (StageSpec spec : stages.values()) {
      RunState.StageRecord record = state == null ? null : state.stages.get(spec.id());
      Live progress = live.get(spec.id());
      views.add(view(spec, record, progress));
    }
    return views;
  }

  private Stage view(StageSpec spec, RunState.StageRecord record, Live progress) {
    StageStatus status = record == null ? StageStatus.PENDING : record.status;
    StageView state =
        switch (status) {
          case PENDING ->
              progress != null && "waiting".equals(progress.placement)
                  ? StageView.WAITING
                  : StageView.PENDING;
          case RUNNING -> StageView.RUNNING;
          case SUCCEEDED -> StageView.SUCCEEDED;
          case FAILED -> StageView.FAILED;
          case CANCELLED -> StageView.CANCELLED;
        };
    Double fraction = null;
    Double eta = null;
    Map<String, Double> figures = Map.of();
    String phase = null;
    long done = 0;
    long total = 0;
    String note = null;
    if (progress != null) {
      figures = new LinkedHashMap<>(progress.figures);
      phase = progress.phase;
      done = progress.done;
      total = progress.total;
      note = progress.note;
      if (progress.stepsTotal > 0) {
        fraction = Math.min(1.0, (double) progress.stepsDone / progress.stepsTotal);
        double elapsed = (progress.lastEvent - progress.since) / 1e9;
        long stepsSeen = progress.stepsDone - progress.stepsAtSince;
        if (state == StageView.RUNNING && elapsed > 0.2 && stepsSeen > 0) {
          eta = (progress.stepsTotal - progress.stepsDone) / (stepsSeen / elapsed);
        }
      }
    }
    if (state == StageView.SUCCEEDED) {
      fraction = 1.0;
      eta = null;
    }
    return new Stage(
        spec.id(),
        spec.uses(),
        List.copyOf(spec.needs()),
        state,
        phase,
        done,
        total,
        fraction,
        eta,
        figures,
        note,
        record == null ? null : record.message,
        record == null ? null : record.seconds);
  }

  /**
   * The whole status as JSON for the page: {@code pipeline, runId, status, updatedAt, report (the
   * report.html link or null), stages[], curves{stage: [epoch records]}, files[]}.
   */
  public synchronized JsonObject snapshot() {
    List<Stage> views = stages();
    readEpochs();
    JsonObject json =
        new JsonObject()
            .put("pipeline", pipeline)
            .put("runId", directory.runId())
            .put("status", lastState == null ? "created" : lastState.status)
            .put("updatedAt", lastState == null ? null : lastState.updatedAt)
            .put(
                "report",
                Files.isRegularFile(directory.reportHtml())
                    ? StatusPages.FILES_PREFIX + "report.html"
                    : null);
    JsonArray stageArray = new JsonArray();
    for (Stage stage : views) {
      JsonObject figures = new JsonObject();
      stage.figures().forEach((name, value) -> figures.put(name, finite(value)));
      stageArray.add(
          new JsonObject()
              .put("id", stage.id())
              .put("uses", stage.uses())
              .put("needs", new JsonArray(stage.needs()))
              .put("state", stage.state().label())
              .put("phase", stage.phase())
              .put("done", stage.done())
              .put("total", stage.total())
              .put("fraction", stage.fraction())
              .put("etaSeconds", stage.etaSeconds())
              .put("figures", figures)
              .put("note", stage.note())
              .put("message", stage.message())
              .put("seconds", stage.seconds())
              .put("files", filesOf(directory.stageDirectory(stage.id()))));
    }
    json.put("stages", stageArray);
    JsonObject curves = new JsonObject();
    epochs.forEach(
        (stage, records) -> {
          JsonArray points = new JsonArray();
          records.values().forEach(points::add);
          curves.put(stage, points);
        });
    json.put("curves", curves);
    json.put("files", filesOf(directory.path()));
    return json;
  }

  private static Object finite(double value) {
    // JSON has no NaN: a diverged loss is shown as the string
    return Double.isFinite(value) ? value : Double.toString(value);
  }

  private RunState readState() {
    if (Files.isRegularFile(directory.stateFile())) {
      try {
        lastState = RunState.read(directory.stateFile());
      } catch (UncheckedIOException e) {
        // rewritten atomically, so this is a passing problem (or no file yet): keep the last one
      }
    }
    return lastState;
  }

  /** Reads the complete lines appended to metrics.jsonl since the last call. */
  private void readEpochs() {
    Path file = directory.metricsFile();
    if (!Files.isRegularFile(file)) {
      return;
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      if (length < metricsOffset) {
        metricsOffset = 0;
        epochs.clear();
      }
      if (length == metricsOffset) {
        return;
      }
      byte[] bytes = new byte[(int) Math.min(length - metricsOffset, 16L << 20)];
      in.seek(metricsOffset);
      in.readFully(bytes);
      int lineStart = 0;
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] == '\n') {
          epochRecord(new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8));
          lineStart = i + 1;
        }
      }
      metricsOffset += lineStart;
    } catch (IOException e) {
      // the next snapshot tries again
    }
  }

  private void epochRecord(String line) {
    JsonObject record;
    try {
      record = new JsonObject(line);
    } catch (DecodeException e) {
      return;
    }
    if (!"epoch".equals(record.getString("event"))
        || !(record.getValue("epoch") instanceof Number)) {
      return;
    }
    JsonObject point = new JsonObject().put("epoch", record.getInteger("epoch"));
    for (String name : record.fieldNames()) {
      if (!NOT_CURVES.contains(name) && record.getValue(name) instanceof Number) {
        point.put(name, record.getValue(name));
      }
    }
    epochs
        .computeIfAbsent(record.getString("stage", "?"), s -> new TreeMap<>())
        .put(record.getInteger("epoch"), point);
  }

  /**
   * The files under {@code root} as paths relative to the run directory (checkpoints, feature
   * stores and temporary files left out), at most {@value #MAX_FILES}.
   */
  private JsonArray filesOf(Path root) {
    JsonArray files = new JsonArray();
    if (!Files.isDirectory(root)) {
      return files;
    }
    boolean runLevel = root.equals(directory.path());
    try (Stream<Path> walk = Files.walk(root, runLevel ? 2 : 3)) {
      walk.filter(Files::isRegularFile)
          .map(p -> directory.path().relativize(p).toString().replace('\\', '/'))
          .filter(p -> !runLevel || !p.startsWith("stages/"))
          .filter(p -> !p.contains("/checkpoints/") && !p.contains("/features/"))
          .filter(p -> !p.endsWith(".tmp") && !p.equals("run.lock"))
          .sorted()
          .limit(MAX_FILES)
          .forEach(files::add);
    } catch (IOException | UncheckedIOException e) {
      // a stage directory changing while listed: the next snapshot lists it again
    }
    return files;
  }

  /** Live progress of one stage. */
  private static final class Live {
    String phase;
    String family;
    String placement;
    String note;
    long done;
    long total;
    long stepsDone;
    long stepsTotal;
    long since;
    long stepsAtSince;
    long lastEvent;
    final Map<String, Double> figures = new LinkedHashMap<>();
  }
}
