package dev.backprop.report;

import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The charts of an assignment report: training curves of several runs, a metric against a
 * hyper-parameter, and the trials of a search. Every method returns a finished {@link XYChart}
 * ({@value #WIDTH}×{@value #HEIGHT}, white, readable type) that can still be adjusted, and
 * {@link #writePng} saves any of them.
 *
 * <p>Axis ranges are chosen for the reader rather than to include every value: a loss axis is not
 * stretched by one huge loss at the first step, and an accuracy axis starts near the lower values
 * instead of at 0. Legends go in a corner of the plot that holds no data, or to the right of it.
 *
 * <pre>{@code
 * Palette palette = new Palette(runs.stream().map(RunCurves::name).toList());
 * Charts.writePng(Charts.lossCurves("Task 2: loss", runs, palette, 10), dir.resolve("loss.png"));
 * Charts.writePng(Charts.accuracyCurves("Task 2: accuracy", runs, palette), dir.resolve("accuracy.png"));
 * Charts.writePng(Charts.metricVersus("Validation accuracy against λ", "λ (L2 strength)", "validation accuracy (%)",
 *         List.of("0.001", "0.01", "0.1", "1"), lambdas, accuracies, true), dir.resolve("lambda.png"));
 * }</pre>
 */
public final class Charts {

    /** Width of every chart in pixels. */
    public static final int WIDTH = 900;
    /** Height of every chart in pixels. */
    public static final int HEIGHT = 560;

    /** More points per curve than this only blur into the band; see {@link LossBlocks#of}. */
    private static final int MAX_POINTS_PER_RUN = 1000;
    private static final Color NEUTRAL = new Color(0x0072B2);
    private static final Color HIGHLIGHT = new Color(0xD55E00);

    private Charts() {
    }

    /**
     * Training and validation loss of several runs against epochs.
     *
     * <p>Each run's training loss is summarised in blocks of {@code window} consecutive steps
     * (widened when a run has so many steps that the curve would have more than 1000 points; the
     * legend states the width used): a solid line through the block means, and a light band of
     * ±1 standard deviation of the block. The validation loss is a dashed line with markers in the
     * same colour, labelled "name (validation)"; one legend entry explains the band. The top of
     * the y axis comes from a robust statistic of the plotted values (their 99th percentile, or
     * the largest value below a group of gross outliers, plus 10%), so a huge loss at the first
     * steps is clipped instead of flattening everything else; the bottom is 0 unless a loss is
     * negative. Non-finite losses are skipped.
     *
     * @param title   chart title
     * @param runs    the runs, drawn in this order; names must be distinct
     * @param palette colours of the runs; must know every run
     * @param window  steps per block of the moving average, at least 1 (TDT4265 uses 10)
     * @return the chart; series shown in the legend are the training and validation curves
     * @throws IllegalArgumentException on no runs, duplicate names, a run unknown to the palette,
     *                                  a non-positive batches-per-epoch or window
     */
    public static XYChart lossCurves(String title, List<RunCurves> runs, Palette palette, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("the moving-average window must be at least 1 step, got " + window);
        }
        checkRuns(runs, palette);
        XYChart chart = ChartStyle.newChart(title, "epoch", "loss");
        List<LossBlocks> blocks = new ArrayList<>();
        List<double[][]> validation = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        double xMax = 0;
        for (RunCurves run : runs) {
            LossBlocks b = LossBlocks.of(run.stepLoss(), window, MAX_POINTS_PER_RUN);
            blocks.add(b);
            double[][] v = validationPoints(run, RunCurves.Point::validationLoss, 1);
            validation.add(v);
            for (double m : b.mean()) {
                values.add(m);
            }
            for (double y : v[1]) {
                values.add(y);
            }
            xMax = Math.max(xMax, (double) run.stepLoss().length / run.batchesPerEpoch());
            if (v[0].length > 0) {
                xMax = Math.max(xMax, v[0][v[0].length - 1]);
            }
        }
        double[] all = values.stream().mapToDouble(Double::doubleValue).toArray();
        double[] yRange = AxisRanges.lossRange(all);
        double[] xRange = {0, xMax > 0 ? xMax : 1};
        PlotOccupancy occupancy = new PlotOccupancy(xRange[0], xRange[1], yRange[0], yRange[1], false);

        // Bands first, all of them, so that no band is painted over another run's line.
        for (int r = 0; r < runs.size(); r++) {
            RunCurves run = runs.get(r);
            LossBlocks b = blocks.get(r);
            if (b.size() == 0) {
                continue;
            }
            double[] x = epochs(b.step(), run.batchesPerEpoch());
            SeriesStyle.addBand(chart, ChartStyle.KEY_PREFIX + "band " + run.name(), x, b.low(), b.high(),
                    palette.color(run.name()));
            occupancy.band(x, b.low(), b.high());
        }
        List<String> legend = new ArrayList<>();
        for (int r = 0; r < runs.size(); r++) {
            RunCurves run = runs.get(r);
            LossBlocks b = blocks.get(r);
            Color colour = palette.color(run.name());
            int variant = palette.variant(run.name());
            if (b.size() > 0) {
                double[] x = epochs(b.step(), run.batchesPerEpoch());
                String label = run.name() + " (training)";
                SeriesStyle.addLine(chart, label, x, b.mean(), colour, SeriesStyle.trainingStroke(variant), null);
                occupancy.line(x, b.mean());
                legend.add(label);
            }
            double[][] v = validation.get(r);
            if (v[0].length > 0) {
                String label = run.name() + " (validation)";
                SeriesStyle.addLine(chart, label, v[0], v[1], colour, SeriesStyle.validationStroke(),
                        SeriesStyle.markerFor(variant, v[0].length));
                occupancy.line(v[0], v[1]);
                legend.add(label);
            }
        }
        String bandLabel = bandLegend(blocks);
        if (bandLabel != null) {
            SeriesStyle.addLegendSwatch(chart, bandLabel, xRange, yRange);
            legend.add(bandLabel);
        }
        SeriesStyle.setRanges(chart, xRange, yRange);
        ChartStyle.placeLegend(chart, occupancy, legend, Styler.LegendPosition.InsideNE,
                Styler.LegendPosition.InsideSW, Styler.LegendPosition.InsideNW, Styler.LegendPosition.InsideSE);
        return chart;
    }

    /**
     * Training accuracy (solid) and validation accuracy (dashed) of several runs at their
     * validation points, in percent against epochs. The y axis runs from a little below the 5th
     * percentile of all plotted accuracies to a little above the highest (at most 100%), so the
     * differences between runs stay visible; the first points of a run that starts at chance
     * level may be clipped.
     *
     * @param title   chart title
     * @param runs    the runs, drawn in this order; names must be distinct
     * @param palette colours of the runs; must know every run
     * @return the chart; series shown in the legend are the accuracy curves
     * @throws IllegalArgumentException on no runs, duplicate names, a run unknown to the palette
     *                                  or a non-positive batches-per-epoch
     */
    public static XYChart accuracyCurves(String title, List<RunCurves> runs, Palette palette) {
        checkRuns(runs, palette);
        XYChart chart = ChartStyle.newChart(title, "epoch", "accuracy (%)");
        List<double[][]> train = new ArrayList<>();
        List<double[][]> valid = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        double xMax = 0;
        for (RunCurves run : runs) {
            double[][] t = validationPoints(run, RunCurves.Point::trainAccuracy, 100);
            double[][] v = validationPoints(run, RunCurves.Point::validationAccuracy, 100);
            train.add(t);
            valid.add(v);
            for (double[][] s : List.of(t, v)) {
                for (double y : s[1]) {
                    values.add(y);
                }
                if (s[0].length > 0) {
                    xMax = Math.max(xMax, s[0][s[0].length - 1]);
                }
            }
        }
        double[] yRange = AxisRanges.accuracyRange(values.stream().mapToDouble(Double::doubleValue).toArray());
        double[] xRange = {0, xMax > 0 ? xMax : 1};
        PlotOccupancy occupancy = new PlotOccupancy(xRange[0], xRange[1], yRange[0], yRange[1], false);
        List<String> legend = new ArrayList<>();
        for (int r = 0; r < runs.size(); r++) {
            String name = runs.get(r).name();
            Color colour = palette.color(name);
            int variant = palette.variant(name);
            double[][] t = train.get(r);
            double[][] v = valid.get(r);
            if (t[0].length > 0) {
                SeriesStyle.addLine(chart, name + " (training)", t[0], t[1], colour, SeriesStyle.trainingStroke(variant),
                        variant == 0 ? null : SeriesStyle.markerFor(variant, t[0].length));
                occupancy.line(t[0], t[1]);
                legend.add(name + " (training)");
            }
            if (v[0].length > 0) {
                SeriesStyle.addLine(chart, name + " (validation)", v[0], v[1], colour, SeriesStyle.validationStroke(),
                        SeriesStyle.markerFor(variant, v[0].length));
                occupancy.line(v[0], v[1]);
                legend.add(name + " (validation)");
            }
        }
        SeriesStyle.setRanges(chart, xRange, yRange);
        ChartStyle.placeLegend(chart, occupancy, legend, Styler.LegendPosition.InsideSE,
                Styler.LegendPosition.InsideSW, Styler.LegendPosition.InsideNE, Styler.LegendPosition.InsideNW);
        return chart;
    }

    /**
     * One metric against one parameter, as a line with markers in order of x, each point labelled
     * with {@code labels} (for example validation accuracy against λ, or the weight norm against
     * λ). The labels are left out when they would overlap each other: the axis still tells the x
     * values. Points with a non-finite y are left out.
     *
     * @param title  chart title
     * @param xLabel x-axis title, with its unit
     * @param yLabel y-axis title, with its unit
     * @param labels a label per point, or an empty list for none
     * @param x      parameter values
     * @param y      metric values, as many as x
     * @param logX   a logarithmic x axis, for a parameter spanning decades; points with x &lt;= 0
     *               (λ = 0) cannot be shown there and are named in the x-axis title instead
     * @return the chart, one series
     * @throws IllegalArgumentException on mismatched lengths or no point that can be drawn
     */
    public static XYChart metricVersus(String title, String xLabel, String yLabel, List<String> labels, double[] x,
                                       double[] y, boolean logX) {
        int[] order = usablePoints(labels, x, y, logX);
        double[] xs = pick(x, order);
        double[] ys = pick(y, order);
        XYChart chart = ChartStyle.newChart(title, xTitle(xLabel, labels, x, y, logX), yLabel);
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setLegendVisible(false);
        double[] xRange = AxisRanges.paddedRange(xs, logX);
        double[] yRange = AxisRanges.paddedRange(ys, false);
        // Extra room above and below for the point labels.
        boolean labelled = !labels.isEmpty();
        if (labelled) {
            double span = yRange[1] - yRange[0];
            yRange[1] += 0.08 * span;
            yRange[0] -= 0.08 * span;
        }
        SeriesStyle.addLine(chart, yLabel, xs, ys, NEUTRAL, SeriesStyle.trainingStroke(0), SeriesMarkers.CIRCLE);
        SeriesStyle.setRanges(chart, xRange, yRange);
        if (labelled && !ChartStyle.labelsCollide(pick(labels, order), xs, ys, xRange, yRange, logX)) {
            double offset = 0.055 * (yRange[1] - yRange[0]);
            for (int k = 0; k < order.length; k++) {
                // Put the label on the side the line does not come from, so it is not crossed.
                double prev = k > 0 ? ys[k - 1] : ys[k];
                double next = k + 1 < ys.length ? ys[k + 1] : ys[k];
                double side = (prev + next) / 2 > ys[k] ? -offset : offset;
                chart.addAnnotation(new AnnotationText(labels.get(order[k]), xs[k], ys[k] + side, false));
            }
        }
        return chart;
    }

    /**
     * The trials of a hyper-parameter search: the metric of each trial against one parameter, one
     * marker per trial, the best trial highlighted and named in the legend. Trials with a
     * non-finite metric (diverged runs) are not drawn, and the legend says how many there were.
     *
     * @param title          chart title
     * @param xLabel         x-axis title, with its unit
     * @param yLabel         y-axis title, with its unit
     * @param labels         a label per trial (shown for the best one), or an empty list
     * @param x              the parameter of each trial
     * @param y              the metric of each trial, as many as x
     * @param logX           a logarithmic x axis; trials with x &lt;= 0 cannot be shown there and are
     *                       named in the x-axis title instead
     * @param higherIsBetter true for accuracy, false for a loss
     * @return the chart; two series (trials, best), or one when there is a single trial
     * @throws IllegalArgumentException on mismatched lengths or no trial that can be drawn
     */
    public static XYChart scatterVersus(String title, String xLabel, String yLabel, List<String> labels, double[] x,
                                        double[] y, boolean logX, boolean higherIsBetter) {
        int[] order = usablePoints(labels, x, y, logX);
        int best = order[0];
        for (int i : order) {
            if (higherIsBetter ? y[i] > y[best] : y[i] < y[best]) {
                best = i;
            }
        }
        int bestIndex = best;
        int[] others = Arrays.stream(order).filter(i -> i != bestIndex).toArray();
        int diverged = (int) Arrays.stream(y).filter(v -> !Double.isFinite(v)).count();
        XYChart chart = ChartStyle.newChart(title, xTitle(xLabel, labels, x, y, logX), yLabel);
        chart.getStyler().setXAxisLogarithmic(logX);
        double[] xs = pick(x, order);
        double[] ys = pick(y, order);
        double[] xRange = AxisRanges.paddedRange(xs, logX);
        double[] yRange = AxisRanges.paddedRange(ys, false);
        PlotOccupancy occupancy = new PlotOccupancy(xRange[0], xRange[1], yRange[0], yRange[1], logX);
        occupancy.points(xs, ys);
        List<String> legend = new ArrayList<>();
        String notDrawn = diverged > 0 ? "; " + diverged + " more not finite, not drawn" : "";
        if (others.length > 0) {
            String label = "other trials (" + others.length + ")" + notDrawn;
            XYSeries s = chart.addSeries(label, pick(x, others), pick(y, others));
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(new Color(NEUTRAL.getRed(), NEUTRAL.getGreen(), NEUTRAL.getBlue(), 170));
            legend.add(label);
        }
        String name = labels.isEmpty() ? "" : labels.get(best) + ", ";
        String bestLabel = "best: " + name + yLabelShort(yLabel) + " = " + value(y[best])
                + (others.length == 0 ? notDrawn : "");
        XYSeries b = chart.addSeries(bestLabel, new double[] {x[best]}, new double[] {y[best]});
        b.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        b.setMarker(new StarMarker());
        b.setMarkerColor(HIGHLIGHT);
        legend.add(bestLabel);
        SeriesStyle.setRanges(chart, xRange, yRange);
        // The corners away from the best values are the likeliest to be empty.
        if (higherIsBetter) {
            ChartStyle.placeLegend(chart, occupancy, legend, Styler.LegendPosition.InsideSE,
                    Styler.LegendPosition.InsideSW, Styler.LegendPosition.InsideNE, Styler.LegendPosition.InsideNW);
        } else {
            ChartStyle.placeLegend(chart, occupancy, legend, Styler.LegendPosition.InsideNE,
                    Styler.LegendPosition.InsideNW, Styler.LegendPosition.InsideSE, Styler.LegendPosition.InsideSW);
        }
        return chart;
    }

    /** Draws {@code chart} into a new image of its size. */
    public static BufferedImage toImage(XYChart chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }

    /**
     * Draws {@code chart} and writes it as a PNG, atomically (readers never see half a file),
     * creating the directory if needed.
     */
    public static void writePng(XYChart chart, Path file) throws IOException {
        Png.write(toImage(chart), file);
    }

    // ---- data preparation ----

    private static void checkRuns(List<RunCurves> runs, Palette palette) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs to draw");
        }
        Set<String> seen = new HashSet<>();
        for (RunCurves run : runs) {
            if (!seen.add(run.name())) {
                throw new IllegalArgumentException("two runs are named '" + run.name() + "'; the legend could not tell them apart");
            }
            if (run.batchesPerEpoch() <= 0) {
                throw new IllegalArgumentException("run '" + run.name() + "' has " + run.batchesPerEpoch()
                        + " batches per epoch; it must be positive");
            }
            palette.color(run.name()); // fails early, naming the run
        }
    }

    /** Epochs and {@code scale}·metric of the validation points where the metric is finite. */
    private static double[][] validationPoints(RunCurves run, java.util.function.ToDoubleFunction<RunCurves.Point> metric,
                                               double scale) {
        List<RunCurves.Point> points = run.validations();
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        int n = 0;
        for (RunCurves.Point p : points) {
            double v = metric.applyAsDouble(p);
            if (Double.isFinite(v)) {
                x[n] = (double) p.step() / run.batchesPerEpoch();
                y[n] = v * scale;
                n++;
            }
        }
        return new double[][] {Arrays.copyOf(x, n), Arrays.copyOf(y, n)};
    }

    private static List<String> pick(List<String> values, int[] indices) {
        List<String> out = new ArrayList<>(indices.length);
        for (int i : indices) {
            out.add(values.get(i));
        }
        return out;
    }

    private static double[] epochs(double[] steps, int batchesPerEpoch) {
        double[] x = new double[steps.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = steps[i] / batchesPerEpoch;
        }
        return x;
    }

    /**
     * Indices of the points that can be drawn (finite x and y, and x &gt; 0 on a log axis),
     * ordered by x; validates the arguments.
     */
    private static int[] usablePoints(List<String> labels, double[] x, double[] y, boolean logX) {
        Objects.requireNonNull(labels, "labels (use an empty list for none)");
        if (x.length != y.length) {
            throw new IllegalArgumentException(x.length + " x values but " + y.length + " y values");
        }
        if (!labels.isEmpty() && labels.size() != x.length) {
            throw new IllegalArgumentException(labels.size() + " labels for " + x.length + " points");
        }
        Integer[] idx = new Integer[x.length];
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i]) && (!logX || x[i] > 0)) {
                idx[n++] = i;
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("none of the " + x.length + " points has a finite x and y"
                    + (logX ? " with x > 0, as a logarithmic x axis needs" : ""));
        }
        Integer[] usable = Arrays.copyOf(idx, n);
        Arrays.sort(usable, (a, b) -> Double.compare(x[a], x[b]));
        return Arrays.stream(usable).mapToInt(Integer::intValue).toArray();
    }

    /**
     * The x-axis title, telling which points a log axis could not show and their values (λ = 0
     * among λ = 0.001 to 1, say), so that leaving them out is never silent.
     */
    private static String xTitle(String xLabel, List<String> labels, double[] x, double[] y, boolean logX) {
        List<String> hidden = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (logX && !(x[i] > 0) && Double.isFinite(y[i])) {
                hidden.add((labels.isEmpty() ? "x = " + compact(x[i]) : labels.get(i)) + ": " + compact(y[i]));
            }
        }
        if (hidden.isEmpty()) {
            return xLabel;
        }
        String list = hidden.size() <= 3 ? String.join(", ", hidden) : hidden.size() + " points";
        return xLabel + " \u2014 not on the log scale: " + list;
    }

    private static double[] pick(double[] values, int[] indices) {
        double[] out = new double[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = values[indices[i]];
        }
        return out;
    }

    /**
     * What the lines and bands of training loss are, said once instead of in every run's label;
     * null when nothing was averaged.
     */
    private static String bandLegend(List<LossBlocks> blocks) {
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (LossBlocks b : blocks) {
            if (b.size() > 0) {
                min = Math.min(min, b.window());
                max = Math.max(max, b.window());
            }
        }
        if (max <= 1) {
            return null;
        }
        return "training: mean ± sd of " + (min == max ? min : min + " to " + max) + " steps";
    }

    // ---- text ----

    private static String value(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** Four significant digits without trailing zeros: 91.7, 0.001, 1.235e+05. */
    private static String compact(double v) {
        String s = value(v);
        if (s.contains("e") || !s.contains(".")) {
            return s;
        }
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** The y label without its unit in parentheses, for "best: ..., accuracy = 0.98". */
    private static String yLabelShort(String yLabel) {
        int paren = yLabel.indexOf(" (");
        return paren > 0 ? yLabel.substring(0, paren) : yLabel;
    }
}
