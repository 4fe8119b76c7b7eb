package dev.distillery.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.testing.SelfContained;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image grids a generation stage saved ({@code stages/<stage>/images/epoch-NNNN.png}) are in
 * report.html as data URIs with the files' bytes: the first, the last and evenly between, at most
 * {@link HtmlReport#GRIDS_PER_STAGE}; evaluate-generators' samples ({@code generators/<stage>.png})
 * too.
 */
class ReportImageGridsTest {

  private static void png(Path file, int shade) throws Exception {
    Files.createDirectories(file.getParent());
    BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setSample(shade % 8, 0, 0, 255);
    ImageIO.write(image, "png", file.toFile());
  }

  @Test
  void gridsAreEmbeddedFirstLastAndBetween(@TempDir Path root) throws Exception {
    Path run = RunFixtures.finishedRun(root);
    Path images = run.resolve("stages/student-kd.2/images");
    for (int epoch = 1; epoch <= 7; epoch++) {
      png(images.resolve(String.format("epoch-%04d.png", epoch)), epoch);
    }
    png(run.resolve("generators/student-kd.2.png"), 0);

    RunFixtures.Printed printed = RunFixtures.execute("report", run.toString());

    assertThat(printed.code()).as(printed.err()).isZero();
    String html = Files.readString(run.resolve("report.html"));
    Document page = Jsoup.parse(html);
    List<Element> grids = page.select("div.grids[data-stage=student-kd.2] img");
    assertThat(grids).hasSize(HtmlReport.GRIDS_PER_STAGE);
    assertThat(page.select("div.grids[data-stage=student-kd.2] figcaption").eachText())
        .containsExactly("epoch 1", "epoch 3", "epoch 5", "epoch 7");
    String data = grids.get(1).attr("src").substring("data:image/png;base64,".length());
    assertThat(Base64.getDecoder().decode(data))
        .isEqualTo(Files.readAllBytes(images.resolve("epoch-0003.png")));
    assertThat(page.text()).contains("4 of 7 grids shown; all are in stages/student-kd.2/images/");
    assertThat(page.select("div.grids[data-stage=\"student-kd.2 (evaluate-generators)\"] img"))
        .hasSize(1);
    SelfContained.assertSelfContained(html);
  }

  @Test
  void aRunWithoutGridsSaysSo(@TempDir Path root) throws Exception {
    Path run = RunFixtures.finishedRun(root);

    RunFixtures.Printed printed = RunFixtures.execute("report", run.toString());

    assertThat(printed.code()).as(printed.err()).isZero();
    Document page = Jsoup.parse(Files.readString(run.resolve("report.html")));
    assertThat(page.select("img")).isEmpty();
    assertThat(page.text()).contains("No stage of this run saved generated images.");
  }
}
