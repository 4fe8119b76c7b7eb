package dev.distillery.stages;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The chart of {@code evaluate-generators}: Fréchet distance against parameters (log scale), one
 * line per way of training (adversarially from scratch, distilled from each teacher), with the test
 * split's two halves' distance drawn as the floor.
 */
final class QualityChart {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 560;

  private QualityChart() {}

  static void write(List<EvaluateGeneratorsStage.GeneratorReport> reports, double floor, Path file)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    Map<String, XYSeries> lines = new LinkedHashMap<>();
    for (EvaluateGeneratorsStage.GeneratorReport report : reports) {
      lines
          .computeIfAbsent(report.series(), name -> new XYSeries(name, true, true))
          .add((double) report.parameters(), report.frechetDistance());
    }
    XYSeriesCollection data = new XYSeriesCollection();
    lines.values().forEach(data::addSeries);
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            "Image quality against generator size",
            "parameters (log scale)",
            "Fréchet distance on the classifier's features (lower is better)",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    XYPlot plot = chart.getXYPlot();
    LogAxis parameters = new LogAxis("parameters (log scale)");
    parameters.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    parameters.setSmallestValue(1);
    plot.setDomainAxis(parameters);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < data.getSeriesCount(); i++) {
      renderer.setSeriesStroke(i, new BasicStroke(2f));
    }
    plot.setRenderer(renderer);
    ValueMarker noise = new ValueMarker(floor, Color.GRAY, new BasicStroke(1f));
    noise.setLabel(
        "test split, half against half: " + String.format(java.util.Locale.ROOT, "%.2f", floor));
    noise.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_RIGHT);
    noise.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_RIGHT);
    plot.addRangeMarker(noise);
    Files.createDirectories(file.toAbsolutePath().getParent());
    ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
  }
}
