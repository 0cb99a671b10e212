package dev.adjoint.samples.bench.report;

import static dev.adjoint.samples.bench.report.Measures.ADJOINT;
import static dev.adjoint.samples.bench.report.Measures.BY_HAND;
import static dev.adjoint.samples.bench.report.Measures.HIPPARCHUS;
import static dev.adjoint.samples.bench.report.Measures.OBJECTIVE;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Polygon;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * {@code docs/benchmarks.png}: gradient time over objective time against the number of inputs,
 * both logarithmic, one series per workload and tool (colour by tool, shape by workload), with
 * the iterations' range as error bars and ADBench's published GMM medians for reference.
 */
final class RatioChart {
  static final int WIDTH = 900;
  static final int HEIGHT = 600;

  /** The gradients on the plot, in legend order, each with its colour. */
  private static final List<String> TOOLS = List.of(ADJOINT, BY_HAND, HIPPARCHUS);

  private static final Map<String, Color> TOOL_COLOURS = Map.of(
      ADJOINT, new Color(0x1f77b4),
      BY_HAND, new Color(0x2ca02c),
      HIPPARCHUS, new Color(0xd62728));

  /** Median gradient/objective ratios over GMM inputs that ADBench published from its 2015 runs. */
  private static final double ADBENCH_HAND_WRITTEN_CPP = 3.7;
  private static final double ADBENCH_TAPENADE = 10.2;

  private RatioChart() {}

  static void write(SuiteResults results, Path png) throws IOException {
    ChartUtils.saveChartAsPNG(png.toFile(), chart(results), WIDTH, HEIGHT);
  }

  static JFreeChart chart(SuiteResults results) {
    YIntervalSeriesCollection data = new YIntervalSeriesCollection();
    XYErrorRenderer renderer = new XYErrorRenderer();
    renderer.setDrawXError(false);
    renderer.setDefaultLinesVisible(true);
    renderer.setErrorPaint(null); // error bars in the series' own colour
    List<String> workloads = results.workloads();
    for (String workload : workloads) {
      for (String tool : TOOLS) {
        YIntervalSeries series = series(results, workload, tool);
        if (series.getItemCount() == 0) {
          continue;
        }
        int index = data.getSeriesCount();
        data.addSeries(series);
        renderer.setSeriesPaint(index, TOOL_COLOURS.get(tool));
        renderer.setSeriesShape(index, shape(workloads.indexOf(workload)));
        renderer.setSeriesStroke(index, new BasicStroke(1.5f));
      }
    }

    LogarithmicAxis x = new LogarithmicAxis("inputs differentiated");
    LogarithmicAxis y = new LogarithmicAxis("gradient time / objective time");
    for (LogarithmicAxis axis : List.of(x, y)) {
      // Ticks at 1-9 × 10^k, labelled 1,000 rather than 1e3: a horizontal axis formats its labels
      // with its tick unit, a vertical one with the override.
      axis.setStrictValuesFlag(false);
      axis.setExpTickLabelsFlag(false);
      axis.setLog10TickLabelsFlag(false);
      DecimalFormat format =
          new DecimalFormat("#,##0.###", DecimalFormatSymbols.getInstance(Locale.ROOT));
      axis.setNumberFormatOverride(format);
      axis.setTickUnit(new NumberTickUnit(1, format), false, false);
    }
    XYPlot plot = new XYPlot(data, x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.setNoDataMessage("no gradient measured against its objective");
    plot.addRangeMarker(reference(ADBENCH_HAND_WRITTEN_CPP,
        "ADBench 2015 GMM median, hand-written C++: 3.7"));
    plot.addRangeMarker(reference(ADBENCH_TAPENADE, "ADBench 2015 GMM median, Tapenade: 10.2"));
    fitRanges(data, x, y);

    JFreeChart chart = new JFreeChart(
        "Cost of a gradient relative to its objective", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    // Room for the half of the last x label that lies beyond the plot.
    chart.setPadding(new RectangleInsets(4, 4, 4, 28));
    LegendTitle legend = chart.getLegend();
    legend.setPosition(RectangleEdge.BOTTOM);
    return chart;
  }

  private static YIntervalSeries series(SuiteResults results, String workload, String tool) {
    YIntervalSeries series =
        new YIntervalSeries(Workloads.title(workload) + ", " + Measures.label(tool));
    for (String size : results.sizes(workload)) {
      OptionalLong inputs = ProblemSize.inputs(workload, size);
      Optional<Ratio> ratio = results.ratio(workload, size, tool, OBJECTIVE);
      if (inputs.isPresent() && ratio.isPresent()) {
        Ratio r = ratio.get();
        series.add(inputs.getAsLong(), r.value(), r.low(), r.high());
      }
    }
    return series;
  }

  private static ValueMarker reference(double ratio, String label) {
    ValueMarker marker = new ValueMarker(ratio, Color.GRAY, new BasicStroke(
        1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    marker.setLabel(label);
    marker.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    marker.setLabelPaint(Color.DARK_GRAY);
    marker.setLabelBackgroundColor(new Color(255, 255, 255, 0));
    marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
    marker.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
    return marker;
  }

  /**
   * Ranges around the data and the markers, set by hand: auto-ranging ignores markers and gives a
   * single point an empty range. (A horizontal LogarithmicAxis labels a tick equal to its upper
   * bound, which at twice the data's reach, 2 × 10^k, collided with the 10^k label; half as much
   * again rarely lands on a tick.)
   */
  private static void fitRanges(
      YIntervalSeriesCollection data, LogarithmicAxis x, LogarithmicAxis y) {
    double xMin = Double.POSITIVE_INFINITY;
    double xMax = Double.NEGATIVE_INFINITY;
    double yMin = Math.min(ADBENCH_HAND_WRITTEN_CPP, ADBENCH_TAPENADE);
    double yMax = Math.max(ADBENCH_HAND_WRITTEN_CPP, ADBENCH_TAPENADE);
    for (int s = 0; s < data.getSeriesCount(); s++) {
      for (int i = 0; i < data.getItemCount(s); i++) {
        xMin = Math.min(xMin, data.getXValue(s, i));
        xMax = Math.max(xMax, data.getXValue(s, i));
        yMin = Math.min(yMin, data.getStartYValue(s, i));
        yMax = Math.max(yMax, data.getEndYValue(s, i));
      }
    }
    if (xMin > xMax) {
      xMin = 1;
      xMax = 1e6;
    }
    x.setRange(xMin / 1.5, xMax * 1.5);
    y.setRange(Math.min(yMin, 1) / 1.2, yMax * 1.2);
  }

  /** One shape per workload, in the order of the report's sections. */
  private static Shape shape(int workload) {
    double s = 8;
    switch (workload % 5) {
      case 0:
        return new Ellipse2D.Double(-s / 2, -s / 2, s, s);
      case 1:
        return new Rectangle2D.Double(-s / 2, -s / 2, s, s);
      case 2:
        return new Polygon(new int[] {0, 5, -5}, new int[] {-5, 4, 4}, 3);
      case 3:
        return new Polygon(new int[] {0, 5, 0, -5}, new int[] {-5, 0, 5, 0}, 4);
      default:
        return new Polygon(new int[] {0, 5, -5}, new int[] {5, -4, -4}, 3);
    }
  }
}
