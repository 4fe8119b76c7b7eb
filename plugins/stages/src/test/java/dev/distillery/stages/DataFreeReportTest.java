package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.testing.SelfContained;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * report.html of a data-free run: each data-free stage's loss curves name every loss term its epoch
 * records hold, its accuracy curves the agreement on generated images, and its image grids are
 * embedded with the bytes of the PNG files the stage saved.
 */
class DataFreeReportTest {

  @Test
  void dataFreeStagesHaveTheirLossTermsAgreementAndImageGrids() throws Exception {
    Path run = DataFreeRuns.run().directory().path();
    String html = Files.readString(run.resolve("report.html"));
    Document page = Jsoup.parse(html);

    for (String stage : List.of("dafl", "dfad", "collapsing")) {
      Set<String> terms = new LinkedHashSet<>();
      boolean test = false;
      for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
        JsonNode record = OptionsMapper.mapper().readTree(line);
        if (record.path("stage").asText().equals(stage)
            && record.path("event").asText().equals("epoch")) {
          record
              .fieldNames()
              .forEachRemaining(
                  name -> {
                    if (name.startsWith("loss_")) {
                      terms.add(name.substring("loss_".length()));
                    }
                  });
          test |= record.has("test_accuracy");
        }
      }
      assertThat(terms).as(stage).hasSizeGreaterThanOrEqualTo(2);
      Element loss = page.selectFirst("figure[data-chart=\"loss " + stage + "\"] > svg");
      assertThat(loss).as(stage).isNotNull();
      assertThat(loss.select("text").eachText()).containsAll(terms);
      Element accuracy = page.selectFirst("figure[data-chart=\"accuracy " + stage + "\"] > svg");
      assertThat(accuracy).as(stage).isNotNull();
      assertThat(accuracy.select("text").eachText()).contains("agreement (generated)");
      if (test) {
        assertThat(accuracy.select("text").eachText()).contains("test", "agreement (test)");
      }
    }

    List<Element> grids = page.select("div.grids[data-stage=dafl] img");
    assertThat(page.select("div.grids[data-stage=dafl] figcaption").eachText())
        .containsExactly("epoch 0", "epoch 1", "epoch 2", "epoch 3");
    List<byte[]> embedded = new ArrayList<>();
    for (Element grid : grids) {
      embedded.add(
          Base64.getDecoder()
              .decode(grid.attr("src").substring("data:image/png;base64,".length())));
    }
    assertThat(embedded.get(3))
        .isEqualTo(Files.readAllBytes(run.resolve("stages/dafl/images/epoch-0003.png")));
    assertThat(page.select("div.grids[data-stage=dfad] img")).hasSize(4);
    SelfContained.assertSelfContained(html);
    assertThat(SelfContained.parsedSvgs(html)).isNotEmpty();
  }
}
