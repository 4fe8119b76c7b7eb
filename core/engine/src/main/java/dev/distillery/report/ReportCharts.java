package dev.distillery.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * The charts of {@code report.html} and of {@code distillery runs compare --html}, drawn by
 * JFreeChart and written as inline SVG by JFreeSVG (no fonts, scripts or images outside the file:
 * text is SVG text in the browser's sans-serif font).
 */
final class ReportCharts {

  static {
    // JFreeChart measures text with AWT; no display is needed (or wanted) for that
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    // rotated labels as SVG text, not glyph outlines (JFreeChart's default works around a
    // rendering bug of old JDKs by drawing a TextLayout: every letter becomes a path)
    org.jfree.chart.text.TextUtils.setUseDrawRotatedStringWorkaround(false);
  }

  /** Okabe and Ito's palette: told apart with the common colour-vision deficiencies. */
  private static final Color[] PALETTE = {
    new Color(0x0072B2),
    new Color(0xD55E00),
    new Color(0x009E73),
    new Color(0xCC79A7),
    new Color(0xE69F00),
    new Color(0x56B4E9),
    new Color(0x000000),
    new Color(0xF0E442),
  };

  private static final float[][] DASHES = {null, {6f, 4f}, {2f, 3f}, {8f, 3f, 2f, 3f}};

  private ReportCharts() {}

  /** A colour of the palette, cycling. */
  static Color colour(int index) {
    return PALETTE[Math.floorMod(index, PALETTE.length)];
  }

  /**
   * Curves over epochs: one colour per curve name, one dash pattern per run of the stage.
   *
   * @param runs per run id (one for a stage that is not repeated), its curves by name
   * @param percent whether the values are shares to show as percent
   */
  static JFreeChart epochCurves(
      String title,
      String valueLabel,
      Map<String, Map<String, SortedMap<Integer, Double>>> runs,
      boolean percent) {
    XYSeriesCollection dataset = new XYSeriesCollection();
    java.util.List<String> names = new java.util.ArrayList<>();
    runs.values()
        .forEach(c -> c.keySet().stream().filter(n -> !names.contains(n)).forEach(names::add));
    java.util.List<Paint> paints = new java.util.ArrayList<>();
    java.util.List<float[]> dashes = new java.util.ArrayList<>();
    int run = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (var entry : runs.entrySet()) {
      for (var curve : entry.getValue().entrySet()) {
        String key = runs.size() == 1 ? curve.getKey() : curve.getKey() + " · " + entry.getKey();
        XYSeries series = new XYSeries(key, true, false);
        for (var point : curve.getValue().entrySet()) {
          double value = percent ? 100 * point.getValue() : point.getValue();
          series.add(point.getKey().doubleValue(), value);
          min = Math.min(min, value);
          max = Math.max(max, value);
        }
        dataset.addSeries(series);
        paints.add(colour(names.indexOf(curve.getKey())));
        dashes.add(DASHES[run % DASHES.length]);
      }
      run++;
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            title, "epoch", valueLabel, dataset, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    NumberAxis epochs = (NumberAxis) plot.getDomainAxis();
    epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    if (!percent && min > 0 && max / min > 50) {
      // losses that fall by orders of magnitude (or diverge) read on a log scale
      plot.setRangeAxis(logAxis(valueLabel + " (log scale)", min));
    } else if (!percent) {
      ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
    }
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < paints.size(); i++) {
      renderer.setSeriesPaint(i, paints.get(i));
      renderer.setSeriesStroke(
          i,
          dashes.get(i) == null
              ? new BasicStroke(2f)
              : new BasicStroke(
                  1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dashes.get(i), 0f));
    }
    plot.setRenderer(renderer);
    return styled(chart);
  }

  /**
   * A confusion matrix as a heat map: cells coloured by the share of the true class's test images
   * predicted as each class, with the counts written in them.
   */
  static JFreeChart confusion(String title, List<String> classNames, long[][] counts) {
    int classes = classNames.size();
    double[][] cells = new double[3][classes * classes];
    int cell = 0;
    for (int truth = 0; truth < classes; truth++) {
      long total = 0;
      for (long n : counts[truth]) {
        total += n;
      }
      for (int predicted = 0; predicted < classes; predicted++) {
        cells[0][cell] = predicted;
        cells[1][cell] = truth;
        cells[2][cell] = total == 0 ? 0 : (double) counts[truth][predicted] / total;
        cell++;
      }
    }
    DefaultXYZDataset dataset = new DefaultXYZDataset();
    dataset.addSeries("confusion", cells);
    String[] names = classNames.toArray(String[]::new);
    SymbolAxis predicted = new SymbolAxis("predicted class", names);
    predicted.setVerticalTickLabels(classes > 4);
    predicted.setGridBandsVisible(false);
    SymbolAxis truth = new SymbolAxis("true class", names);
    truth.setInverted(true);
    truth.setGridBandsVisible(false);
    predicted.setRange(-0.5, classes - 0.5);
    truth.setRange(-0.5, classes - 0.5);
    XYBlockRenderer renderer = new XYBlockRenderer();
    renderer.setBlockAnchor(RectangleAnchor.CENTER);
    SharePaintScale scale = new SharePaintScale();
    renderer.setPaintScale(scale);
    XYPlot plot = new XYPlot(dataset, predicted, truth, renderer);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
    if (classes <= 20) {
      Font font = new Font(Font.SANS_SERIF, Font.PLAIN, classes <= 10 ? 11 : 8);
      for (int i = 0; i < cells[0].length; i++) {
        long count = counts[(int) cells[1][i]][(int) cells[0][i]];
        if (count == 0) {
          continue;
        }
        XYTextAnnotation text =
            new XYTextAnnotation(Long.toString(count), cells[0][i], cells[1][i]);
        text.setFont(font);
        text.setTextAnchor(TextAnchor.CENTER);
        text.setPaint(cells[2][i] > 0.5 ? Color.WHITE : Color.BLACK);
        plot.addAnnotation(text);
      }
    }
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
    NumberAxis shareAxis = new NumberAxis("share of the true class");
    shareAxis.setRange(0, 1);
    shareAxis.setTickUnit(new NumberTickUnit(0.25));
    PaintScaleLegend legend = new PaintScaleLegend(scale, shareAxis);
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setAxisLocation(AxisLocation.TOP_OR_RIGHT);
    legend.setMargin(new RectangleInsets(10, 10, 10, 10));
    legend.setStripWidth(12);
    legend.setSubdivisionCount(32);
    chart.addSubtitle(legend);
    return styled(chart);
  }

  /** Grouped bars: one group per category, one bar per series. */
  static JFreeChart bars(
      String title,
      String categoryLabel,
      String valueLabel,
      Map<String, Map<String, Double>> valuesBySeries) {
    DefaultCategoryDataset dataset = new DefaultCategoryDataset();
    int categories = 0;
    for (var series : valuesBySeries.entrySet()) {
      for (var value : series.getValue().entrySet()) {
        dataset.addValue(
            value.getValue() == null || !Double.isFinite(value.getValue())
                ? null
                : value.getValue(),
            series.getKey(),
            value.getKey());
      }
      categories = Math.max(categories, series.getValue().size());
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            title,
            categoryLabel,
            valueLabel,
            dataset,
            PlotOrientation.VERTICAL,
            valuesBySeries.size() > 1,
            false,
            false);
    CategoryPlot plot = chart.getCategoryPlot();
    CategoryAxis axis = plot.getDomainAxis();
    if (categories > 6) {
      axis.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    }
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setItemMargin(0.05);
    for (int i = 0; i < valuesBySeries.size(); i++) {
      renderer.setSeriesPaint(i, colour(i));
    }
    return styled(chart);
  }

  /**
   * Top-1 of each stage against a size or speed figure: a point per stage at its mean, with a bar
   * of ± one standard deviation over its runs.
   *
   * @param points per stage: x, mean top-1 (%), standard deviation (%, 0 for one run)
   */
  static JFreeChart accuracyAgainst(String title, String xLabel, Map<String, double[]> points) {
    return pointsAgainst(title, xLabel, "top-1 % (mean ± sd over runs)", points);
  }

  /**
   * A point per named item with a vertical bar of ± a spread; a log-scale x axis when x spans more
   * than a factor 10.
   *
   * @param points per item: x, y, spread (0 for none)
   */
  static JFreeChart pointsAgainst(
      String title, String xLabel, String yLabel, Map<String, double[]> points) {
    YIntervalSeriesCollection dataset = new YIntervalSeriesCollection();
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (var point : points.entrySet()) {
      double[] p = point.getValue();
      if (!(p[0] > 0) || !Double.isFinite(p[1])) {
        continue;
      }
      YIntervalSeries series = new YIntervalSeries(point.getKey());
      series.add(p[0], p[1], p[1] - p[2], p[1] + p[2]);
      dataset.addSeries(series);
      min = Math.min(min, p[0]);
      max = Math.max(max, p[0]);
    }
    XYErrorRenderer renderer = new XYErrorRenderer();
    renderer.setDefaultLinesVisible(false);
    renderer.setDefaultShapesVisible(true);
    renderer.setCapLength(6);
    for (int i = 0; i < dataset.getSeriesCount(); i++) {
      renderer.setSeriesPaint(i, colour(i));
    }
    ValueAxis x;
    if (dataset.getSeriesCount() > 0 && max / min > 10) {
      x = logAxis(xLabel + " (log scale)", min);
    } else {
      NumberAxis linear = new NumberAxis(xLabel);
      linear.setAutoRangeIncludesZero(false);
      x = linear;
    }
    NumberAxis y = new NumberAxis(yLabel);
    y.setAutoRangeIncludesZero(false);
    XYPlot plot = new XYPlot(dataset, x, y, renderer);
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    return styled(chart);
  }

  /**
   * The chart as an {@code <svg>} element that scales to its container (a view box, no fixed size);
   * {@code id} prefixes the ids of its clip paths and gradients, so that several charts can share
   * one HTML page.
   */
  static String svg(JFreeChart chart, int width, int height, String id) {
    SVGGraphics2D graphics = new SVGGraphics2D(width, height);
    graphics.setDefsKeyPrefix(id + "-");
    // coordinates to a hundredth of a pixel: the same picture in a third of the text
    graphics.setGeomDoubleConverter(ReportCharts::twoDecimals);
    graphics.setTransformDoubleConverter(ReportCharts::twoDecimals);
    chart.draw(graphics, new java.awt.Rectangle(width, height));
    return graphics.getSVGElement(id, false, new ViewBox(0, 0, width, height), null, null);
  }

  private static String twoDecimals(double value) {
    double rounded = Math.round(value * 100) / 100.0;
    return rounded == Math.rint(rounded) ? Long.toString((long) rounded) : Double.toString(rounded);
  }

  /** A base-10 log axis with ticks at whole powers of ten, labelled as plain numbers. */
  private static LogAxis logAxis(String label, double smallest) {
    LogAxis log = new LogAxis(label);
    log.setSmallestValue(smallest / 2);
    log.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    log.setNumberFormatOverride(new java.text.DecimalFormat("#,##0.######"));
    return log;
  }

  /** White backgrounds, light grid lines, a smaller bold title; series paints stay as set. */
  private static JFreeChart styled(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.setPadding(new RectangleInsets(4, 4, 4, 16));
    chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    chart.getPlot().setBackgroundPaint(Color.WHITE);
    Color grid = new Color(0xDDDDDD);
    if (chart.getPlot() instanceof XYPlot xy) {
      xy.setDomainGridlinePaint(grid);
      xy.setRangeGridlinePaint(grid);
    } else if (chart.getPlot() instanceof CategoryPlot category) {
      category.setRangeGridlinePaint(grid);
    }
    return chart;
  }

  /** White (no image) to dark blue (every image of the true class), for shares 0 to 1. */
  private static final class SharePaintScale implements PaintScale {
    @Override
    public double getLowerBound() {
      return 0;
    }

    @Override
    public double getUpperBound() {
      return 1;
    }

    @Override
    public Paint getPaint(double share) {
      double s = Math.max(0, Math.min(1, Double.isNaN(share) ? 0 : share));
      int r = (int) Math.round(255 + s * (0x08 - 255));
      int g = (int) Math.round(255 + s * (0x30 - 255));
      int b = (int) Math.round(255 + s * (0x6B - 255));
      return new Color(r, g, b);
    }
  }
}
