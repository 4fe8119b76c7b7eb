package dev.distillery.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code distillery report} on a run still going: the page says so at the top, naming what has not
 * ended, and shows what exists — the finished epochs' curves, no evaluation yet.
 */
class ReportOfARunInProgressTest {

  @Test
  void theReportSaysTheRunIsInProgressAndShowsWhatExists(@TempDir Path root) throws Exception {
    Path run = RunFixtures.runInProgress(root);

    RunFixtures.Printed printed = RunFixtures.execute("report", run.toString());

    assertThat(printed.code()).as(printed.err()).isZero();
    assertThat(printed.out())
        .contains("report: " + run.resolve("report.html"))
        .contains("note: the run is still in progress (student-kd.2, evaluate not ended)");
    Document page = Jsoup.parse(Files.readString(run.resolve("report.html")));
    Element banner = page.getElementById("in-progress");
    assertThat(banner).isNotNull();
    assertThat(banner.text())
        .contains("still in progress", "running student-kd.2", "pending evaluate")
        .contains("distillery report " + run);
    // the banner comes before every section
    assertThat(page.body().children().indexOf(banner))
        .isLessThan(page.body().children().indexOf(page.getElementById("stages")));
    assertThat(page.select("#stage-table tr:contains(student-kd.2)").text()).contains("running");
    // curves of what has trained: both runs of the KD student share a chart
    assertThat(page.select("figure[data-chart=\"loss student-kd\"] svg")).hasSize(1);
    assertThat(page.select("figure[data-chart=\"loss student-kd\"] svg").text())
        .contains("total · student-kd.2", "kd · student-kd");
    // no evaluation yet: no comparison table, no confusion matrix
    assertThat(page.getElementById("comparison-table")).isNull();
    assertThat(page.select("figure[data-chart^=confusion]")).isEmpty();
    assertThat(page.text()).contains("No evaluation yet");
    // the half-written last line of metrics.jsonl is left out, and the page says so
    assertThat(page.text()).contains("1 line(s) of metrics.jsonl could not be read");
  }

  @Test
  void aFinishedRunHasNoInProgressBanner(@TempDir Path root) throws Exception {
    Path run = RunFixtures.finishedRun(root);

    RunFixtures.Printed printed = RunFixtures.execute("report", run.toString());

    assertThat(printed.code()).as(printed.err()).isZero();
    assertThat(printed.out()).doesNotContain("in progress");
    Document page = Jsoup.parse(Files.readString(run.resolve("report.html")));
    assertThat(page.getElementById("in-progress")).isNull();
    assertThat(page.select("p.meta").first().text()).startsWith("status: succeeded");
  }
}
