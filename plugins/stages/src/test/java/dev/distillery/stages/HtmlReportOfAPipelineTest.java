package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.testing.SelfContained;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The evaluate stage of a real run writes report.html: a chart (inline SVG, well-formed) for each
 * stage's loss and accuracy curves, top-1 against parameters and latency, per-class accuracy and a
 * confusion matrix per stage with the class names; the comparison table with report.json's figures;
 * nothing loaded from elsewhere.
 */
class HtmlReportOfAPipelineTest {

  private static Path run;
  private static String html;
  private static Document page;
  private static JsonNode report;

  @BeforeAll
  static void readTheReport() throws Exception {
    run = ReportRuns.run().directory().path();
    html = Files.readString(run.resolve("report.html"));
    page = Jsoup.parse(html);
    report = OptionsMapper.mapper().readTree(run.resolve("report.json").toFile());
  }

  private static Element chart(String name) {
    Element svg = page.selectFirst("figure.chart[data-chart=\"" + name + "\"] > svg");
    assertThat(svg).as("chart '%s'", name).isNotNull();
    return svg;
  }

  @Test
  void everyExpectedChartIsAnSvg() throws Exception {
    List<String> expected =
        List.of(
            "accuracy-vs-parameters",
            "accuracy-vs-latency",
            "loss teacher",
            "accuracy teacher",
            "loss student-alone",
            "accuracy student-alone",
            "loss student-kd",
            "accuracy student-kd",
            "per-class-accuracy",
            "confusion teacher",
            "confusion student-alone",
            "confusion student-kd");
    assertThat(page.select("figure.chart").eachAttr("data-chart"))
        .containsExactlyElementsOf(expected);
    for (String name : expected) {
      chart(name);
    }
    // every chart parses as XML
    assertThat(SelfContained.parsedSvgs(html)).hasSize(expected.size());
  }

  @Test
  void lossCurvesHaveEveryComponentOfEveryRun() {
    // the KD student's two runs share a chart: total, ce and kd of each
    assertThat(chart("loss student-kd").select("text").eachText())
        .contains(
            "total · student-kd",
            "ce · student-kd",
            "kd · student-kd",
            "total · student-kd.2",
            "ce · student-kd.2",
            "kd · student-kd.2");
    assertThat(chart("loss teacher").select("text").eachText())
        .contains("total", "ce")
        .doesNotContain("kd");
    assertThat(chart("accuracy teacher").select("text").eachText()).contains("train", "validation");
  }

  @Test
  void confusionMatricesAndPerClassAccuracyNameTheClasses() {
    List<String> classes = List.of("class-0", "class-1", "class-2", "class-3");
    for (String stage : List.of("teacher", "student-alone", "student-kd")) {
      assertThat(chart("confusion " + stage).select("text").eachText()).containsAll(classes);
    }
    assertThat(chart("per-class-accuracy").select("text").eachText()).containsAll(classes);
    // the per-class table: one row per class, the teacher's column as report.json has it
    List<Element> rows = page.select("#per-class-table tbody tr");
    assertThat(rows).hasSize(4);
    for (int c = 0; c < 4; c++) {
      assertThat(rows.get(c).child(0).text()).isEqualTo(classes.get(c));
      assertThat(rows.get(c).child(1).text())
          .isEqualTo(
              String.format(
                  Locale.ROOT,
                  "%.2f",
                  100 * report.at("/models/0/per-class-accuracy/" + c).asDouble()));
    }
    // the teacher's confusion counts are written in its cells
    long diagonal = report.at("/models/0/confusion/0/0").asLong();
    if (diagonal > 0) {
      assertThat(chart("confusion teacher").select("text").eachText())
          .contains(Long.toString(diagonal));
    }
  }

  @Test
  void theComparisonTableHasReportJsonsFigures() {
    List<Element> rows = page.select("#comparison-table tbody tr");
    assertThat(rows).hasSize(3);
    for (int i = 0; i < 3; i++) {
      JsonNode stage = report.at("/stages/" + i);
      Element row = rows.get(i);
      assertThat(row.child(0).text()).isEqualTo(stage.path("stage").asText());
      assertThat(row.child(1).text()).isEqualTo(Integer.toString(stage.path("runs").size()));
      String mean = String.format(Locale.ROOT, "%.2f", 100 * stage.path("mean").asDouble());
      assertThat(row.child(4).text()).startsWith(mean);
    }
    assertThat(rows.get(1).child(5).text()).isEqualTo("baseline");
    assertThat(rows.get(2).child(5).text())
        .startsWith(
            String.format(Locale.ROOT, "%+.2f [", report.at("/stages/2/gain/points").asDouble()));
    // every run has its row
    assertThat(page.select("#run-table tbody tr td:first-child").eachText())
        .containsExactly(
            "teacher", "student-alone", "student-alone.2", "student-kd", "student-kd.2");
  }

  @Test
  void thePageOpensOffline() {
    SelfContained.assertSelfContained(html);
    assertThat(page.getElementById("in-progress")).isNull();
    assertThat(page.select("#stage-table tr:contains(evaluate)").text())
        .contains("ending (writing this report)");
  }
}
