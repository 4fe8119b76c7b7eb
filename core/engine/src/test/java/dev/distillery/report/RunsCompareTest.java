package dev.distillery.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.testing.SelfContained;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code distillery runs compare}: a row per run and evaluated stage on the terminal, the same rows
 * and a chart in the {@code --html} page, an array of runs with {@code --json}.
 */
class RunsCompareTest {

  @Test
  void theTableHasARowPerRunAndStage(@TempDir Path root) throws Exception {
    Path first = RunFixtures.finishedRun(root);
    Path second = RunFixtures.runInProgress(root.resolve("second"));

    RunFixtures.Printed printed =
        RunFixtures.execute("runs", "compare", first.toString(), second.toString());

    assertThat(printed.code()).as(printed.err()).isZero();
    List<String> lines = printed.out().lines().toList();
    assertThat(lines).hasSize(1 + 3 + 1);
    assertThat(lines.get(0).split("\\s{2,}"))
        .containsExactly(
            "pipeline",
            "run",
            "status",
            "stage",
            "model",
            "top-1 %",
            "agreement %",
            "gain (points)",
            "params");
    // the figures of report.json: student-kd's 2 runs, their mean ± sd and the gain's interval
    assertThat(lines.get(1).split("\\s{2,}"))
        .containsExactly(
            "tiny-report",
            RunFixtures.RUN_ID,
            "succeeded",
            "teacher",
            "lenet5",
            "75.00",
            "100.00",
            "+13.54 (untested: one run)",
            "61,196");
    assertThat(lines.get(2)).contains("student-alone", "61.46 ± 51.56", "baseline");
    assertThat(lines.get(3))
        .contains("student-kd", "37.50 ± 17.68", "37.50", "-23.96 [-341.57, +293.66] not resolved");
    assertThat(lines.get(4)).contains("running", "(no evaluation: report.json missing)");
  }

  @Test
  void theHtmlPageHasTheRowsAndAChart(@TempDir Path root) throws Exception {
    Path first = RunFixtures.finishedRun(root);
    Path second = RunFixtures.finishedRun(root, "20261207-101010");
    Path page = root.resolve("out/compare.html");

    RunFixtures.Printed printed =
        RunFixtures.execute(
            "runs", "compare", first.toString(), second.toString(), "--html", page.toString());

    assertThat(printed.code()).as(printed.err()).isZero();
    assertThat(printed.out()).contains("comparison page: " + page);
    String html = Files.readString(page);
    Document document = Jsoup.parse(html);
    Element table = document.getElementById("comparison-table");
    assertThat(table).isNotNull();
    assertThat(table.select("tbody tr")).hasSize(6);
    assertThat(table.select("tbody tr").get(5).text())
        .contains("20261207-101010", "student-kd", "37.50 ± 17.68");
    Element chart = document.selectFirst("figure[data-chart=top1-by-stage] svg");
    assertThat(chart).isNotNull();
    assertThat(chart.text())
        .contains("tiny-report " + RunFixtures.RUN_ID, "tiny-report 20261207-101010")
        .contains("teacher", "student-alone", "student-kd");
    SelfContained.assertSelfContained(html);
  }

  @Test
  void jsonIsAnArrayOfRunDetails(@TempDir Path root) throws Exception {
    Path first = RunFixtures.finishedRun(root);

    RunFixtures.Printed printed =
        RunFixtures.execute("runs", "compare", first.toString(), "--json");

    assertThat(printed.code()).as(printed.err()).isZero();
    JsonNode runs = new ObjectMapper().readTree(printed.out());
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).path("run-id").asText()).isEqualTo(RunFixtures.RUN_ID);
    assertThat(runs.get(0).at("/evaluation/stages/2/stage").asText()).isEqualTo("student-kd");
  }
}
