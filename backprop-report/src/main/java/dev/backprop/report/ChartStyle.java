package dev.backprop.report;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * The look shared by every chart: white, large enough type to survive being shrunk into a
 * two-column report, light grid, no interactive extras.
 */
final class ChartStyle {

    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    static final Font AXIS_TITLE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 16);
    static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    static final Font LEGEND_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Color TEXT = new Color(0x222222);
    static final int LEGEND_PADDING = 10;
    static final int LEGEND_LINE_LENGTH = 34;
    static final int MARKER_SIZE = 8;
    /**
     * Starts the name of a series that only explains something in the legend and draws no data;
     * {@link ImageChecks#seriesCount} leaves such series out.
     */
    static final String KEY_PREFIX = "\u0000key ";

    /** Approximate plot area of a {@link Charts#WIDTH}×{@link Charts#HEIGHT} chart, for legend placement. */
    static final int PLOT_WIDTH = Charts.WIDTH - 130;
    static final int PLOT_HEIGHT = Charts.HEIGHT - 140;

    private ChartStyle() {
    }

    /** A new styled chart of the standard size. */
    static XYChart newChart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
                .theme(Styler.ChartTheme.XChart).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        XYStyler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(true);
        s.setPlotBorderColor(new Color(0x8C8C8C));
        s.setPlotGridLinesVisible(true);
        s.setPlotGridLinesColor(new Color(0xE4E4E4));
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setChartFontColor(TEXT);
        s.setAxisTickLabelsColor(TEXT);
        s.setAxisTickMarksColor(new Color(0x8C8C8C));
        s.setChartTitleFont(TITLE_FONT);
        s.setChartTitleBoxVisible(false);
        s.setAxisTitleFont(AXIS_TITLE_FONT);
        s.setAxisTickLabelsFont(TICK_FONT);
        s.setLegendFont(LEGEND_FONT);
        s.setLegendBackgroundColor(new Color(255, 255, 255, 235));
        s.setLegendBorderColor(new Color(0xBDBDBD));
        s.setLegendPadding(LEGEND_PADDING);
        s.setLegendSeriesLineLength(LEGEND_LINE_LENGTH);
        s.setAnnotationTextFont(LABEL_FONT);
        s.setAnnotationTextFontColor(TEXT);
        s.setMarkerSize(MARKER_SIZE);
        s.setAntiAlias(true);
        s.setToolTipsEnabled(false);
        s.setZoomEnabled(false);
        s.setCursorEnabled(false);
        s.setChartPadding(12);
        // Report text is English; a Norwegian default locale would otherwise print "0,5".
        s.setLocale(Locale.ENGLISH);
        return chart;
    }

    /**
     * Puts the legend in the first of {@code corners} where it covers no data, or outside to the
     * right of the plot when every corner is taken. The legend's size is estimated from its
     * labels, the plot's from the chart size.
     */
    static void placeLegend(XYChart chart, PlotOccupancy occupancy, List<String> labels,
                            Styler.LegendPosition... corners) {
        FontMetrics fm = metrics(LEGEND_FONT);
        int textWidth = 0;
        for (String label : labels) {
            textWidth = Math.max(textWidth, fm.stringWidth(label));
        }
        int entryHeight = Math.max(fm.getHeight(), MARKER_SIZE);
        double w = 3.0 * LEGEND_PADDING + LEGEND_LINE_LENGTH + textWidth + 20; // + margin to the plot edge
        double h = LEGEND_PADDING + labels.size() * (entryHeight + LEGEND_PADDING) + 20;
        double fw = w / PLOT_WIDTH;
        double fh = h / PLOT_HEIGHT;
        Styler.LegendPosition chosen = Styler.LegendPosition.OutsideE;
        if (fw < 0.7 && fh < 0.8) {
            for (Styler.LegendPosition corner : corners) {
                if (fits(occupancy, corner, fw, fh)) {
                    chosen = corner;
                    break;
                }
            }
        }
        chart.getStyler().setLegendPosition(chosen);
    }

    /**
     * True when point labels, each centred above its point, would overlap a neighbour's: then
     * they are better left out than printed over each other. Positions are estimated as for the
     * legend.
     */
    static boolean labelsCollide(List<String> labels, double[] x, double[] y, double[] xRange, double[] yRange,
                                 boolean logX) {
        FontMetrics fm = metrics(LABEL_FONT);
        double[] px = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double f = logX ? Math.log10(x[i] / xRange[0]) / Math.log10(xRange[1] / xRange[0])
                    : (x[i] - xRange[0]) / (xRange[1] - xRange[0]);
            px[i] = f * PLOT_WIDTH;
        }
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                double halfWidths = (fm.stringWidth(labels.get(i)) + fm.stringWidth(labels.get(j))) / 2.0 + 4;
                double dy = Math.abs(y[i] - y[j]) / (yRange[1] - yRange[0]) * PLOT_HEIGHT;
                if (Math.abs(px[i] - px[j]) < halfWidths && dy < fm.getHeight() + 2) {
                    return true;
                }
            }
        }
        return false;
    }

    private static FontMetrics metrics(Font font) {
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        FontMetrics fm = g.getFontMetrics(font);
        g.dispose();
        return fm;
    }

    private static boolean fits(PlotOccupancy occupancy, Styler.LegendPosition corner, double fw, double fh) {
        switch (corner) {
            case InsideNE:
                return occupancy.free(1 - fw, 1 - fh, 1, 1);
            case InsideNW:
                return occupancy.free(0, 1 - fh, fw, 1);
            case InsideSE:
                return occupancy.free(1 - fw, 0, 1, fh);
            case InsideSW:
                return occupancy.free(0, 0, fw, fh);
            default:
                throw new IllegalArgumentException("not a corner: " + corner);
        }
    }
}
