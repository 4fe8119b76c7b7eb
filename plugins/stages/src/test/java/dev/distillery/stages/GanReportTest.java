package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.testing.SelfContained;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * A GAN run has no evaluate stage: its evaluate-generators stage writes report.html, with the
 * generators' table and Fréchet distance against parameters from generators.json, each GAN stage's
 * loss terms per epoch and the image grids the stages saved.
 */
class GanReportTest {

  @Test
  void evaluateGeneratorsWritesTheReportWithGeneratorsCurvesAndGrids() throws Exception {
    Path run = GanRuns.run().directory().path();
    String html = Files.readString(run.resolve("report.html"));
    Document page = Jsoup.parse(html);
    JsonNode generators =
        OptionsMapper.mapper().readTree(run.resolve("generators.json").toFile()).path("generators");

    List<Element> rows = page.select("#generator-table tbody tr");
    assertThat(rows).hasSize(generators.size()).hasSizeGreaterThanOrEqualTo(5);
    for (int i = 0; i < rows.size(); i++) {
      assertThat(rows.get(i).child(0).text()).isEqualTo(generators.get(i).path("stage").asText());
      assertThat(rows.get(i).child(5).text())
          .isEqualTo(
              String.format(
                  Locale.ROOT, "%.2f", generators.get(i).path("frechet-distance").asDouble()));
    }
    Element chart = page.selectFirst("figure[data-chart=frechet-vs-parameters] > svg");
    assertThat(chart).isNotNull();
    assertThat(chart.select("text").eachText()).contains("gan", "wgan", "small", "joint");

    Set<String> terms = new LinkedHashSet<>();
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      JsonNode record = OptionsMapper.mapper().readTree(line);
      if (record.path("stage").asText().equals("gan")
          && record.path("event").asText().equals("epoch")) {
        record.fieldNames().forEachRemaining(n -> terms.add(n));
      }
    }
    List<String> losses =
        terms.stream().filter(n -> n.startsWith("loss_")).map(n -> n.substring(5)).toList();
    assertThat(losses).isNotEmpty();
    Element loss = page.selectFirst("figure[data-chart=\"loss gan\"] > svg");
    assertThat(loss).isNotNull();
    assertThat(loss.select("text").eachText()).containsAll(losses);

    assertThat(page.select("div.grids[data-stage=gan] img")).isNotEmpty();
    assertThat(page.select("div.grids[data-stage=\"gan (evaluate-generators)\"] img")).hasSize(1);
    SelfContained.assertSelfContained(html);
    assertThat(SelfContained.parsedSvgs(html)).hasSize(page.select("figure.chart").size());
  }
}
