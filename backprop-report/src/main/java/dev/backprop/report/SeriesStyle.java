package dev.backprop.report;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;

/**
 * How the series of the charts are drawn: lines, dashes, markers, translucent bands, and the
 * invisible helper series that steer XChart. Every line of one run has the run's colour; training
 * is solid, validation dashed.
 */
final class SeriesStyle {

    /** Curves with more points than this are drawn without markers, which would merge into a smear. */
    private static final int MARKER_LIMIT = 40;
    private static final float LINE_WIDTH = 2.2f;
    private static final float[] VALIDATION_DASH = {9f, 5f};
    /** Line patterns of the training curves of palette variants 1, 2, ...: visibly not {@link #VALIDATION_DASH}. */
    private static final float[][] VARIANT_DASH = {{14f, 4f, 2f, 4f}, {2f, 3f}, {14f, 4f, 2f, 4f, 2f, 4f}};
    private static final Marker[] VARIANT_MARKER = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND,
            SeriesMarkers.TRIANGLE_UP};
    /** Alpha of a loss band: light enough for other runs' curves to show through. */
    private static final int BAND_ALPHA = 56;

    private SeriesStyle() {
    }

    /** A translucent band between {@code low} and {@code high}, drawn as one closed polygon, not in the legend. */
    static void addBand(XYChart chart, String name, double[] x, double[] low, double[] high, Color colour) {
        int n = x.length;
        double[] px = new double[2 * n];
        double[] py = new double[2 * n];
        for (int i = 0; i < n; i++) {
            px[i] = x[i];
            py[i] = high[i];
            px[2 * n - 1 - i] = x[i];
            py[2 * n - 1 - i] = low[i];
        }
        XYSeries s = chart.addSeries(name, px, py);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        s.setFillColor(new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), BAND_ALPHA));
        s.setLineColor(new Color(0, 0, 0, 0));
        s.setLineStyle(new BasicStroke(0f));
        s.setMarker(SeriesMarkers.NONE);
        s.setShowInLegend(false);
    }

    /** A legend entry with a grey band swatch and no visible data: a degenerate polygon. */
    static void addLegendSwatch(XYChart chart, String label, double[] xRange, double[] yRange) {
        // Below the plot, where the chart clips it away: only the legend shows it.
        double below = yRange[0] - (yRange[1] - yRange[0]);
        XYSeries s = chart.addSeries(ChartStyle.KEY_PREFIX + label, new double[] {xRange[0], xRange[1]},
                new double[] {below, below});
        s.setLabel(label);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        s.setFillColor(new Color(0, 0, 0, BAND_ALPHA));
        s.setLineColor(new Color(0x555555));
        s.setLineStyle(new BasicStroke(LINE_WIDTH));
        s.setMarker(SeriesMarkers.NONE);
    }

    /** A line through the points; {@code marker} null for none. */
    static void addLine(XYChart chart, String name, double[] x, double[] y, Color colour, BasicStroke stroke,
                                Marker marker) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setLineColor(colour);
        s.setLineStyle(stroke);
        s.setMarker(marker == null ? SeriesMarkers.NONE : marker);
        s.setMarkerColor(colour);
    }

    /** Solid for the first use of a palette colour, a distinct dash pattern for its repeats. */
    static BasicStroke trainingStroke(int variant) {
        if (variant == 0) {
            return new BasicStroke(LINE_WIDTH, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
        }
        float[] dash = VARIANT_DASH[(variant - 1) % VARIANT_DASH.length];
        return new BasicStroke(LINE_WIDTH, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f);
    }

    /** The even dashes of every validation curve. */
    static BasicStroke validationStroke() {
        return new BasicStroke(LINE_WIDTH, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, VALIDATION_DASH, 0f);
    }

    /** The marker of a palette variant, or none on a curve with too many points for markers. */
    static Marker markerFor(int variant, int points) {
        return points > MARKER_LIMIT ? SeriesMarkers.NONE : VARIANT_MARKER[variant % VARIANT_MARKER.length];
    }

    /** Fixes both axis ranges (XChart would otherwise fit them to every value, outliers included). */
    static void setRanges(XYChart chart, double[] x, double[] y) {
        chart.getStyler().setXAxisMin(x[0]).setXAxisMax(x[1]).setYAxisMin(y[0]).setYAxisMax(y[1]);
        // When the x values of all series together are equally spaced (validation points every
        // half epoch, say), XChart puts a tick on every few data points instead of choosing round
        // steps, which crowds the axis. Two invisible points out of step with any data grid keep
        // the ordinary ticks.
        double offStep = chart.getStyler().isXAxisLogarithmic() ? x[0] * 1.000731 : x[0] + (x[1] - x[0]) * 0.000731;
        XYSeries s = chart.addSeries(ChartStyle.KEY_PREFIX + "axis range", new double[] {x[0], offStep},
                new double[] {y[0], y[0]});
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setLineColor(new Color(0, 0, 0, 0));
        s.setLineStyle(new BasicStroke(0f));
        s.setMarker(SeriesMarkers.NONE);
        s.setShowInLegend(false);
    }
}
