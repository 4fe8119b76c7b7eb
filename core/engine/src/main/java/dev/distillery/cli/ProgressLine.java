package dev.distillery.cli;

import dev.distillery.status.RunStatusModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One stage's line on the terminal, fitted to a width: the essentials first (stage, phase, bar,
 * percentage, ETA, images/s), then as many of the figures as fit (loss, accuracies, loss
 * components, learning rate). A failed stage reads {@code ✗ failed: <reason>}, a finished one
 * {@code ✓ succeeded}.
 */
final class ProgressLine {

  static final String SUCCEEDED = "✓";
  static final String FAILED = "✗";
  static final String CANCELLED = "■";

  private static final int BAR_MIN = 8;
  private static final int BAR_MAX = 30;

  private ProgressLine() {}

  /**
   * The line of {@code stage} in at most {@code width} columns, its name padded to {@code
   * nameWidth}.
   */
  static String render(RunStatusModel.Stage stage, int width, int nameWidth) {
    String name = fit(stage.id(), nameWidth);
    name = name + " ".repeat(Math.max(0, nameWidth - name.length()));
    return switch (stage.state()) {
      case FAILED ->
          fit(name + " " + FAILED + " failed" + reason(stage.message(), stage.note()), width);
      case CANCELLED ->
          fit(name + " " + CANCELLED + " cancelled" + reason(stage.message(), null), width);
      case WAITING -> fit(name + " … waiting" + reason(stage.note(), null), width);
      case SUCCEEDED -> finished(stage, name, width);
      case PENDING, RUNNING -> running(stage, name, width);
    };
  }

  private static String reason(String message, String fallback) {
    String text = message != null && !message.isBlank() ? message : fallback;
    return text == null || text.isBlank() ? "" : ": " + text.strip().replace('\n', ' ');
  }

  private static String finished(RunStatusModel.Stage stage, String name, int width) {
    StringBuilder line = new StringBuilder(name).append(' ').append(SUCCEEDED).append(" succeeded");
    if (stage.seconds() != null) {
      line.append(" in ").append(duration(stage.seconds()));
    }
    for (String extra : extras(stage.figures())) {
      if (line.length() + 1 + extra.length() > width) {
        break;
      }
      line.append(' ').append(extra);
    }
    return fit(line.toString(), width);
  }

  private static String running(RunStatusModel.Stage stage, String name, int width) {
    if (stage.total() == 0 && stage.note() != null) {
      return fit(name + " " + stage.note(), width);
    }
    String phase = stage.phase() == null ? "starting" : stage.phase();
    List<String> essentials = new ArrayList<>();
    if (stage.fraction() != null) {
      essentials.add(String.format(Locale.ROOT, "%3.0f%%", 100 * stage.fraction()));
    }
    essentials.add("ETA " + (stage.etaSeconds() == null ? "--:--" : duration(stage.etaSeconds())));
    Double rate = stage.figures().get("throughput");
    if (rate != null) {
      essentials.add(String.format(Locale.ROOT, "%.0f img/s", rate));
    }
    String head = name + " " + phase + " ";
    // drop essentials from the end (img/s, then ETA) until the head, a minimal bar and them fit
    while (!essentials.isEmpty()
        && head.length() + BAR_MIN + 2 + length(essentials) > width
        && essentials.size() > 1) {
      essentials.remove(essentials.size() - 1);
    }
    int used = head.length() + BAR_MIN + 2 + length(essentials);
    List<String> shown = new ArrayList<>();
    for (String extra : extras(stage.figures())) {
      if (used + 1 + extra.length() <= width) {
        shown.add(extra);
        used += 1 + extra.length();
      }
    }
    int bar = Math.min(BAR_MAX, BAR_MIN + Math.max(0, width - used));
    StringBuilder line = new StringBuilder(head);
    line.append(bar(stage.fraction() == null ? 0 : stage.fraction(), bar));
    essentials.forEach(e -> line.append(' ').append(e));
    shown.forEach(e -> line.append(' ').append(e));
    return fit(line.toString(), width);
  }

  private static int length(List<String> parts) {
    return parts.stream().mapToInt(p -> p.length() + 1).sum();
  }

  /** The figures after the essentials, most useful first. */
  static List<String> extras(Map<String, Double> figures) {
    List<String> extras = new ArrayList<>();
    Double total = figures.get("loss.total");
    if (total != null) {
      extras.add("loss " + number(total));
    }
    figures.forEach(
        (name, value) -> {
          if (name.startsWith("accuracy.") || name.startsWith("agreement.")) {
            String shown =
                name.equals("accuracy.train")
                    ? "acc"
                    : name.equals("accuracy.validation")
                        ? "val"
                        : name.replace("accuracy.", "acc.").replace("agreement.", "agree.");
            extras.add(shown + " " + String.format(Locale.ROOT, "%.1f%%", 100 * value));
          }
        });
    figures.forEach(
        (name, value) -> {
          if (name.startsWith("loss.") && !name.equals("loss.total")) {
            extras.add(name.substring("loss.".length()) + " " + number(value));
          }
        });
    figures.forEach(
        (name, value) -> {
          if (name.equals("lr") || name.startsWith("lr.")) {
            extras.add(name + " " + String.format(Locale.ROOT, "%.3g", value));
          }
        });
    return extras;
  }

  static String bar(double fraction, int width) {
    String[] partial = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
    double cells = Math.max(0, Math.min(1, fraction)) * width;
    int full = (int) cells;
    StringBuilder bar = new StringBuilder("█".repeat(full));
    if (full < width) {
      bar.append(partial[(int) ((cells - full) * 8)]);
    }
    while (bar.length() < width) {
      bar.append(' ');
    }
    return "▕" + bar + "▏";
  }

  static String number(double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    return String.format(Locale.ROOT, Math.abs(value) >= 1000 ? "%.0f" : "%.4g", value);
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s % 3600 / 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  /** {@code text} cut to {@code width} columns, with an ellipsis where cut. */
  static String fit(String text, int width) {
    if (text.length() <= width) {
      return text;
    }
    return width <= 1 ? text.substring(0, Math.max(0, width)) : text.substring(0, width - 1) + "…";
  }
}
