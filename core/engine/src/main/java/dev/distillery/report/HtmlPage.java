package dev.distillery.report;

import java.util.List;
import java.util.Set;

/**
 * A self-contained HTML page being written: one style sheet in the head, no scripts, fonts or
 * images from elsewhere (charts are inline SVG, pictures are data URIs). Every text it is given is
 * escaped; only {@link #raw} takes markup.
 */
final class HtmlPage {

  private static final String STYLE =
      """
      body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;\
      max-width:1200px;padding:0 1.5rem 3rem;color:#1b1b1b;line-height:1.45}
      h1{font-size:1.6rem;margin:1.5rem 0 .3rem}h2{font-size:1.3rem;margin-top:2.2rem;\
      border-bottom:1px solid #ddd;padding-bottom:.2rem}h3{font-size:1.05rem;margin:1.4rem 0 .4rem}
      .meta{color:#555;margin:.2rem 0}.note{color:#555;font-size:.92rem}
      .banner{padding:.7rem 1rem;border-radius:6px;margin:1rem 0;border:1px solid}
      .progress{background:#fff6d6;border-color:#e6c35c}.failed{background:#fde4e1;\
      border-color:#e08a80}.interrupted{background:#eef0f4;border-color:#9aa3b5}
      nav ul{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;list-style:none;padding:0}
      table{border-collapse:collapse;margin:.6rem 0;font-size:.9rem}
      th,td{border:1px solid #ddd;padding:.25rem .55rem;text-align:left;vertical-align:top}
      th{background:#f4f5f7}td.num{text-align:right;font-variant-numeric:tabular-nums}
      .status-succeeded{color:#1a7f37}.status-failed{color:#b42318;font-weight:600}
      .status-running{color:#9a6700;font-weight:600}.status-pending{color:#666}
      .status-cancelled{color:#666}
      .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(440px,1fr));gap:1rem}
      figure.chart{margin:0}figure.chart svg{width:100%;height:auto;display:block}
      figure.grid{display:inline-block;margin:.3rem 1rem .3rem 0;text-align:center}
      figure.grid img{image-rendering:pixelated;width:256px;border:1px solid #ddd}
      figcaption{font-size:.85rem;color:#555}code{background:#f4f5f7;padding:0 .25rem;\
      border-radius:3px}
      """;

  private final StringBuilder body = new StringBuilder();
  private final String title;
  private int charts;

  HtmlPage(String title) {
    this.title = title;
  }

  /** Escapes text for HTML element content and attribute values. */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  HtmlPage heading(int level, String id, String text) {
    body.append("<h").append(level);
    if (id != null) {
      body.append(" id=\"").append(escape(id)).append('"');
    }
    body.append('>').append(escape(text)).append("</h").append(level).append(">\n");
    return this;
  }

  HtmlPage paragraph(String cssClass, String text) {
    return raw("<p class=\"" + cssClass + "\">" + escape(text) + "</p>\n");
  }

  /** Markup as given: for callers that escaped their text. */
  HtmlPage raw(String html) {
    body.append(html);
    return this;
  }

  /**
   * A table; cells of the columns in {@code numeric} align right.
   *
   * @param id the table's id (null for none)
   */
  HtmlPage table(String id, List<String> headers, List<List<String>> rows, Set<Integer> numeric) {
    return table(id, headers, rows, numeric, -1);
  }

  /**
   * A table whose column {@code statusColumn} holds states: each of its cells gets the CSS class
   * {@code status-<first word>} ({@code status-failed}, {@code status-running}, ...).
   */
  HtmlPage table(
      String id,
      List<String> headers,
      List<List<String>> rows,
      Set<Integer> numeric,
      int statusColumn) {
    body.append("<table");
    if (id != null) {
      body.append(" id=\"").append(escape(id)).append('"');
    }
    body.append(">\n<thead><tr>");
    for (String header : headers) {
      body.append("<th>").append(escape(header)).append("</th>");
    }
    body.append("</tr></thead>\n<tbody>\n");
    for (List<String> row : rows) {
      body.append("<tr>");
      for (int i = 0; i < row.size(); i++) {
        String cssClass =
            numeric.contains(i)
                ? "num"
                : i == statusColumn ? "status-" + row.get(i).split("[ (]", 2)[0] : null;
        body.append(cssClass == null ? "<td>" : "<td class=\"" + escape(cssClass) + "\">")
            .append(escape(row.get(i)))
            .append("</td>");
      }
      body.append("</tr>\n");
    }
    body.append("</tbody>\n</table>\n");
    return this;
  }

  /** The next chart's id, unique in the page. */
  String nextChartId() {
    return "chart-" + ++charts;
  }

  /**
   * A chart figure: {@code name} (e.g. {@code loss teacher}) goes to its {@code data-chart}
   * attribute, so readers and tests can find each chart.
   */
  HtmlPage chart(String name, String svg) {
    body.append("<figure class=\"chart\" data-chart=\"")
        .append(escape(name))
        .append("\">\n")
        .append(svg)
        .append("\n</figure>\n");
    return this;
  }

  /** The whole page. */
  String html() {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<title>"
        + escape(title)
        + "</title>\n<style>\n"
        + STYLE
        + "</style>\n</head>\n<body>\n"
        + body
        + "</body>\n</html>\n";
  }
}
