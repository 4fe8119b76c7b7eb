package dev.distillery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.status.RunStatusModel;
import dev.distillery.status.RunStatusModel.StageView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A running stage's terminal line fits 80 and 100 columns with the essentials first (stage, epoch,
 * percentage, ETA, img/s) and a bar wider than a character; figures that do not fit (lr last) are
 * dropped, not cut.
 */
class ProgressLineWidthTest {

  private static RunStatusModel.Stage running() {
    Map<String, Double> figures = new LinkedHashMap<>();
    figures.put("loss.ce", 0.7312);
    figures.put("loss.kd", 1.2549);
    figures.put("loss.total", 1.1023);
    figures.put("accuracy.train", 0.8125);
    figures.put("accuracy.validation", 0.7901);
    figures.put("lr", 0.05);
    figures.put("throughput", 1234.0);
    return new RunStatusModel.Stage(
        "student-kd",
        "distill",
        List.of("teacher"),
        StageView.RUNNING,
        "epoch 2/5",
        12,
        40,
        0.26,
        83.0,
        figures,
        null,
        null,
        null);
  }

  @Test
  void at80ColumnsTheEssentialsComeFirstAndTheLineFits() {
    String line = ProgressLine.render(running(), 80, 12);

    assertThat(line.length()).isLessThanOrEqualTo(80);
    assertThat(line).startsWith("student-kd   epoch 2/5 ▕");
    assertThat(line).contains(" 26% ETA 1:23 1234 img/s");
    assertThat(line).contains("loss 1.102");
    assertThat(line).doesNotContain("…");
    assertThat(line.indexOf("img/s")).isLessThan(line.indexOf("loss"));
  }

  @Test
  void at100ColumnsMoreFiguresFitAndTheBarIsWide() {
    String narrow = ProgressLine.render(running(), 80, 12);
    String wide = ProgressLine.render(running(), 100, 12);

    assertThat(wide.length()).isLessThanOrEqualTo(100).isGreaterThan(narrow.length());
    assertThat(wide).contains("acc 81.3%").contains("val 79.0%");
    String bar = wide.substring(wide.indexOf('▕') + 1, wide.indexOf('▏', wide.indexOf('▕')));
    assertThat(bar.length()).isGreaterThanOrEqualTo(8);
    assertThat(bar).startsWith("██");
  }

  @Test
  void theLearningRateIsDroppedFirstWhenNarrow() {
    assertThat(ProgressLine.render(running(), 200, 12)).contains("lr 0.0500");
    assertThat(ProgressLine.render(running(), 80, 12)).doesNotContain("lr ");
  }

  @Test
  void veryNarrowKeepsStageEpochAndPercentage() {
    String line = ProgressLine.render(running(), 40, 12);

    assertThat(line.length()).isLessThanOrEqualTo(40);
    assertThat(line).startsWith("student-kd   epoch 2/5").contains("26%");
  }
}
