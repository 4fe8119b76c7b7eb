package dev.distillery.cli;

import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows stage progress events: one progress bar per running stage on a terminal, or one line per
 * finished phase (epoch) in quiet mode and when the output is not a terminal.
 */
abstract class ProgressDisplay implements AutoCloseable {

  static ProgressDisplay create(boolean quiet, PrintStream out) {
    return quiet || System.console() == null ? new Lines(out) : new Bars();
  }

  /** Handles one progress event: {stage, phase, done, total, figures}. */
  abstract void accept(JsonObject event);

  @Override
  public abstract void close();

  static String figures(JsonObject figures) {
    StringBuilder text = new StringBuilder();
    for (String name : figures.fieldNames()) {
      Object value = figures.getValue(name);
      if (!(value instanceof Number number) || name.equals("throughput")) {
        continue;
      }
      String shown =
          name.replace("loss.", "").replace("accuracy.", "acc.").replace("agreement.", "agree.");
      if (text.length() > 0) {
        text.append(' ');
      }
      text.append(shown).append('=');
      text.append(
          name.startsWith("accuracy.") || name.startsWith("agreement.")
              ? String.format(Locale.ROOT, "%.2f%%", 100 * number.doubleValue())
              : String.format(Locale.ROOT, "%.4g", number.doubleValue()));
    }
    Object throughput = figures.getValue("throughput");
    if (throughput instanceof Number rate) {
      text.append(String.format(Locale.ROOT, " %.0f img/s", rate.doubleValue()));
    }
    return text.toString();
  }

  /** Quiet: a line per finished phase. */
  static final class Lines extends ProgressDisplay {
    private final PrintStream out;

    Lines(PrintStream out) {
      this.out = out;
    }

    @Override
    void accept(JsonObject event) {
      if (event.getLong("done") >= event.getLong("total")) {
        String note = event.getString("note");
        out.printf(
            "%-16s %-12s %s%n",
            event.getString("stage"),
            event.getString("phase"),
            note != null ? note : figures(event.getJsonObject("figures", new JsonObject())));
        out.flush();
      }
    }

    @Override
    public void close() {
      out.flush();
    }
  }

  /** A progress bar per running stage. */
  static final class Bars extends ProgressDisplay {
    private final Map<String, ProgressBar> bars = new ConcurrentHashMap<>();
    private final Map<String, String> phases = new ConcurrentHashMap<>();

    @Override
    void accept(JsonObject event) {
      String stage = event.getString("stage");
      String phase = event.getString("phase");
      long total = event.getLong("total");
      ProgressBar bar =
          bars.computeIfAbsent(
              stage,
              s ->
                  new ProgressBarBuilder()
                      .setTaskName(String.format("%-14s", s))
                      .setInitialMax(total)
                      .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                      .setUpdateIntervalMillis(250)
                      .hideEta()
                      .build());
      if (!phase.equals(phases.put(stage, phase))) {
        bar.reset();
        bar.maxHint(total);
      }
      bar.stepTo(event.getLong("done"));
      String note = event.getString("note");
      bar.setExtraMessage(
          phase
              + " "
              + (note != null ? note : figures(event.getJsonObject("figures", new JsonObject()))));
    }

    @Override
    public void close() {
      bars.values().forEach(ProgressBar::close);
      bars.clear();
    }
  }
}
