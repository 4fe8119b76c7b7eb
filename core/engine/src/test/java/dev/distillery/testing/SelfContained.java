package dev.distillery.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Checks that an HTML page opens offline and that its SVG charts are well-formed XML (report.html,
 * the runs compare page).
 */
public final class SelfContained {

  private static final Pattern SVG = Pattern.compile("<svg\\b.*?</svg>", Pattern.DOTALL);
  private static final Pattern NAMESPACE = Pattern.compile("xmlns(:\\w+)?=['\"][^'\"]*['\"]");

  private SelfContained() {}

  /**
   * No scripts, style sheets, fonts, frames or images from elsewhere: no http(s) address at all
   * outside XML namespace declarations (names, never fetched), every image a data URI.
   */
  public static void assertSelfContained(String html) {
    String withoutNamespaces = NAMESPACE.matcher(html).replaceAll("");
    assertThat(withoutNamespaces).doesNotContain("http://", "https://", "//cdn", "@import");
    Document document = Jsoup.parse(html);
    assertThat(document.select("script, link, iframe, object, embed, source")).isEmpty();
    for (Element image : document.select("img")) {
      assertThat(image.attr("src")).startsWith("data:image/png;base64,");
    }
    for (Element element : document.select("[src], [href]")) {
      String reference = element.hasAttr("src") ? element.attr("src") : element.attr("href");
      assertThat(reference).matches("(data:|#).*");
    }
  }

  /** Every {@code <svg>} element of the page, each parsed as an XML document. */
  public static List<org.w3c.dom.Document> parsedSvgs(String html) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    List<org.w3c.dom.Document> svgs = new ArrayList<>();
    Matcher matcher = SVG.matcher(html);
    while (matcher.find()) {
      svgs.add(
          factory
              .newDocumentBuilder()
              .parse(new ByteArrayInputStream(matcher.group().getBytes(StandardCharsets.UTF_8))));
    }
    return svgs;
  }
}
