package dev.distillery.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.testing.SelfContained;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Class names come from folder names (image-folder datasets) and may hold markup characters: the
 * page shows them as text, in its tables and in its SVG charts, and stays well-formed.
 */
class ReportEscapesNamesTest {

  @Test
  void markupInClassNamesIsText(@TempDir Path root) throws Exception {
    Path run = RunFixtures.finishedRun(root);
    List<String> names = List.of("<b>shirt</b>", "bag & shoe", "\"quoted\"", "it's");
    ObjectMapper json = new ObjectMapper();
    ObjectNode report = (ObjectNode) json.readTree(run.resolve("report.json").toFile());
    ArrayNode classNames = report.putArray("class-names");
    names.forEach(classNames::add);
    json.writeValue(run.resolve("report.json").toFile(), report);

    RunFixtures.Printed printed = RunFixtures.execute("report", run.toString());

    assertThat(printed.code()).as(printed.err()).isZero();
    String html = Files.readString(run.resolve("report.html"));
    assertThat(html).doesNotContain("<b>shirt</b>");
    Document page = Jsoup.parse(html);
    assertThat(page.select("b")).isEmpty();
    assertThat(page.select("#per-class-table tbody tr td:first-child").eachText())
        .containsExactlyElementsOf(names);
    assertThat(page.select("figure[data-chart=\"confusion teacher\"] text").eachText())
        .containsAll(names);
    assertThat(SelfContained.parsedSvgs(html)).hasSize(page.select("figure.chart").size());
  }
}
