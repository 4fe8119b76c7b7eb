package dev.distillery.cli;

import dev.distillery.status.RunStatusModel;
import dev.distillery.status.RunStatusModel.StageView;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows a run's stages as they go, from its {@link RunStatusModel}: on a terminal one line per
 * stage redrawn in place ({@link ProgressLine}, fitted to the terminal's width); in quiet mode and
 * when the output is not a terminal one line per finished epoch (with the epoch's mean losses) and
 * one per stage end. Either way a failed stage is marked with {@code ✗} and its reason, and every
 * epoch and stage end also goes to the run's log (logs/run.log).
 */
abstract class ProgressDisplay implements AutoCloseable {

  /** The run's log: epoch lines and stage ends go to logs/run.log (not to the console). */
  static final Logger RUN_LOG = LoggerFactory.getLogger("dev.distillery.run");

  private static final long TICK_MILLIS = 250;

  final RunStatusModel model;
  final PrintStream out;
  private final Map<String, StageView> lastStates = new HashMap<>();
  private final ScheduledExecutorService ticker;
  private boolean closed;

  ProgressDisplay(RunStatusModel model, PrintStream out) {
    this.model = model;
    this.out = out;
    for (RunStatusModel.Stage stage : model.stages()) {
      lastStates.put(stage.id(), stage.state());
    }
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "distillery-progress");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * A display of {@code model}'s run that redraws (or looks for stage ends) four times a second.
   */
  static ProgressDisplay start(boolean quiet, PrintStream out, RunStatusModel model) {
    ProgressDisplay display =
        quiet || System.console() == null ? new Lines(model, out) : new Bars(model, out);
    display.ticker.scheduleWithFixedDelay(
        display::safeTick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    return display;
  }

  /** Handles one progress event: {stage, phase, done, total, figures} or a placement note. */
  final synchronized void accept(JsonObject event) {
    model.accept(event);
    if (closed) {
      return;
    }
    String stage = event.getString("stage");
    String note = event.getString("note");
    if (note != null) {
      RUN_LOG.info("stage {} {}: {}", stage, event.getString("phase"), note);
      noted(stage, event.getString("phase"), note);
    } else if (event.getLong("total", 0L) > 0
        && event.getLong("done", 0L) >= event.getLong("total", 0L)) {
      String line = quietLine(event);
      RUN_LOG.info("{}", line);
      phaseEnded(line);
    }
  }

  /** A quiet line for a finished phase: stage, phase, the figures (epoch means at an epoch end). */
  static String quietLine(JsonObject event) {
    Map<String, Double> figures = new java.util.LinkedHashMap<>();
    JsonObject json = event.getJsonObject("figures", new JsonObject());
    for (String name : json.fieldNames()) {
      if (json.getValue(name) instanceof Number number) {
        figures.put(name, number.doubleValue());
      }
    }
    List<String> parts = new ArrayList<>(ProgressLine.extras(figures));
    Double rate = figures.get("throughput");
    if (rate != null) {
      parts.add(String.format(Locale.ROOT, "%.0f img/s", rate));
    }
    return String.format(
        Locale.ROOT,
        "%-16s %-12s %s",
        event.getString("stage"),
        event.getString("phase"),
        String.join(" ", parts));
  }

  void noted(String stage, String phase, String note) {}

  void phaseEnded(String line) {}

  /** Called when a stage's state changed (read from run.json). */
  void stageChanged(RunStatusModel.Stage stage) {}

  /** Redraws, if this display draws. */
  void draw() {}

  private void safeTick() {
    try {
      tick();
    } catch (RuntimeException e) {
      // a display problem must never stop the run
    }
  }

  /** Looks for stage state changes (run.json) and redraws. */
  final synchronized void tick() {
    if (closed) {
      return;
    }
    for (RunStatusModel.Stage stage : model.stages()) {
      StageView before = lastStates.put(stage.id(), stage.state());
      if (before != stage.state()) {
        logChange(stage);
        stageChanged(stage);
      }
    }
    draw();
  }

  private static void logChange(RunStatusModel.Stage stage) {
    switch (stage.state()) {
      case FAILED ->
          RUN_LOG.error(
              "stage {} failed: {}", stage.id(), stage.message() == null ? "" : stage.message());
      case CANCELLED ->
          RUN_LOG.warn(
              "stage {} cancelled{}",
              stage.id(),
              stage.message() == null ? "" : ": " + stage.message());
      case SUCCEEDED ->
          RUN_LOG.info(
              "stage {} succeeded{}",
              stage.id(),
              stage.seconds() == null
                  ? ""
                  : String.format(Locale.ROOT, " in %.1f s", stage.seconds()));
      case RUNNING -> {
        // the engine logs each start itself (RunSession), however short the stage
      }
      default -> RUN_LOG.info("stage {} {}", stage.id(), stage.state().label());
    }
  }

  /**
   * Stops drawing in place (Ctrl-C): the last frame stays, the cursor goes below it, and what
   * follows prints as lines.
   */
  synchronized void pause() {
    if (!closed) {
      tick();
      finish();
    }
    closed = true;
  }

  /** Draws or prints the final state. */
  void finish() {}

  @Override
  public final synchronized void close() {
    if (!closed) {
      tick();
      finish();
    }
    closed = true;
    ticker.shutdownNow();
    out.flush();
  }

  /** Quiet: a line per finished phase and per stage end. */
  static final class Lines extends ProgressDisplay {

    Lines(RunStatusModel model, PrintStream out) {
      super(model, out);
    }

    @Override
    void noted(String stage, String phase, String note) {
      out.printf("%-16s %-12s %s%n", stage, phase, note);
      out.flush();
    }

    @Override
    void phaseEnded(String line) {
      out.println(line);
      out.flush();
    }

    @Override
    void stageChanged(RunStatusModel.Stage stage) {
      if (stage.state().compareTo(StageView.SUCCEEDED) >= 0) {
        out.println(ProgressLine.render(stage, 10_000, 16));
        out.flush();
      }
    }
  }

  /** One line per stage, redrawn in place. */
  static final class Bars extends ProgressDisplay {
    private final Terminal terminal;
    private final Set<String> shown = new LinkedHashSet<>();
    private int drawnLines;

    Bars(RunStatusModel model, PrintStream out) {
      super(model, out);
      this.terminal = openTerminal();
    }

    private static Terminal openTerminal() {
      try {
        return TerminalBuilder.builder()
            .system(true)
            .dumb(true)
            .signalHandler(Terminal.SignalHandler.SIG_DFL)
            .build();
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }

    private int width() {
      int width = terminal == null ? 0 : terminal.getWidth();
      if (width <= 0) {
        try {
          width = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100"));
        } catch (NumberFormatException e) {
          width = 100;
        }
      }
      // the last column would wrap on some terminals
      return Math.max(20, width - 1);
    }

    @Override
    void draw() {
      List<RunStatusModel.Stage> stages = model.stages();
      for (RunStatusModel.Stage stage : stages) {
        if (stage.phase() != null
            || stage.note() != null
            || stage.state() == StageView.RUNNING
            || stage.state() == StageView.FAILED) {
          shown.add(stage.id());
        }
      }
      if (shown.isEmpty()) {
        return;
      }
      int width = width();
      int nameWidth =
          Math.min(18, Math.max(8, shown.stream().mapToInt(String::length).max().orElse(8)));
      StringBuilder frame = new StringBuilder();
      if (drawnLines > 0) {
        frame.append("\033[").append(drawnLines).append('A');
      }
      int lines = 0;
      for (RunStatusModel.Stage stage : stages) {
        if (shown.contains(stage.id())) {
          frame.append('\r').append("\033[2K");
          frame.append(ProgressLine.render(stage, width, nameWidth)).append('\n');
          lines++;
        }
      }
      drawnLines = lines;
      out.print(frame);
      out.flush();
    }

    @Override
    void finish() {
      // the last frame (drawn by tick) stays; release the terminal
      if (terminal != null) {
        try {
          terminal.close();
        } catch (IOException e) {
          // nothing to release
        }
      }
    }
  }
}
