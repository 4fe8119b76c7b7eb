package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.cli.DistilleryCli;
import dev.distillery.testing.SelfContained;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code distillery report RUN_DIR --output FILE} on a finished run builds the page the evaluate
 * stage wrote, now with every stage ended.
 */
class ReportCommandRebuildsTheReportTest {

  @Test
  void theRebuiltReportHasTheSameChartsAndTheRunsEnd(@TempDir Path directory) throws Exception {
    Path run = ReportRuns.run().directory().path();
    Path output = directory.resolve("copy/report.html");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = DistilleryCli.execute("report", run.toString(), "--output", output.toString());
    } finally {
      System.setOut(original);
    }

    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8).strip()).isEqualTo("report: " + output);
    Document rebuilt = Jsoup.parse(Files.readString(output));
    Document written = Jsoup.parse(Files.readString(run.resolve("report.html")));
    assertThat(rebuilt.select("figure.chart").eachAttr("data-chart"))
        .isNotEmpty()
        .isEqualTo(written.select("figure.chart").eachAttr("data-chart"));
    assertThat(rebuilt.select("#comparison-table").text())
        .isEqualTo(written.select("#comparison-table").text());
    assertThat(rebuilt.select("p.meta").first().text()).startsWith("status: succeeded");
    assertThat(rebuilt.select("#stage-table tbody tr td:nth-child(3)").eachText())
        .containsOnly("succeeded");
    SelfContained.assertSelfContained(Files.readString(output));
  }
}
