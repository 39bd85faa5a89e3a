package dev.backprop.report;

/**
 * Which parts of a plot area data is drawn on, on a coarse grid, so a legend can be put in a
 * corner where it hides nothing that matters. Lines and markers must stay uncovered; shaded bands
 * may be covered at their fringes, because a band's noisy edge reaches nearly everywhere and
 * would otherwise push the legend out of the plot. Coordinates are data values; the axis ranges
 * map them into the plot, and whatever falls outside the ranges is clipped by the chart and
 * ignored here.
 */
final class PlotOccupancy {

    private static final int COLS = 90;
    private static final int ROWS = 60;

    /** Share of a legend box that may lie over shaded band. */
    private static final double BAND_TOLERANCE = 0.05;

    private final boolean[][] used = new boolean[ROWS][COLS];
    private final boolean[][] shaded = new boolean[ROWS][COLS];
    private final double xMin;
    private final double xMax;
    private final double yMin;
    private final double yMax;
    private final boolean logX;

    PlotOccupancy(double xMin, double xMax, double yMin, double yMax, boolean logX) {
        this.logX = logX;
        this.xMin = logX ? Math.log10(xMin) : xMin;
        this.xMax = logX ? Math.log10(xMax) : xMax;
        this.yMin = yMin;
        this.yMax = yMax;
    }

    /** Marks a polyline (with its markers); non-finite points break it. */
    void line(double[] x, double[] y) {
        double px = Double.NaN;
        double py = Double.NaN;
        for (int i = 0; i < x.length; i++) {
            double fx = fx(x[i]);
            double fy = fy(y[i]);
            if (!Double.isFinite(fx) || !Double.isFinite(fy)) {
                px = Double.NaN;
                continue;
            }
            mark(fx, fy);
            if (Double.isFinite(px)) {
                int steps = (int) Math.ceil(2 * Math.max(Math.abs(fx - px) * COLS, Math.abs(fy - py) * ROWS)) + 1;
                for (int s = 1; s < steps; s++) {
                    double t = (double) s / steps;
                    mark(px + t * (fx - px), py + t * (fy - py));
                }
            }
            px = fx;
            py = fy;
        }
    }

    /** Marks isolated points (scatter markers). */
    void points(double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            mark(fx(x[i]), fy(y[i]));
        }
    }

    /** Marks the area between {@code low} and {@code high}, as a shaded band covers it. */
    void band(double[] x, double[] low, double[] high) {
        for (int i = 0; i < x.length; i++) {
            double fx = fx(x[i]);
            double f0 = fy(low[i]);
            double f1 = fy(high[i]);
            if (!Double.isFinite(fx) || !Double.isFinite(f0) || !Double.isFinite(f1) || fx < 0 || fx > 1) {
                continue;
            }
            if (Math.max(f0, f1) < 0 || Math.min(f0, f1) > 1) {
                continue; // clipped away entirely
            }
            int c = Math.min(COLS - 1, (int) (fx * COLS));
            int r0 = row(Math.min(f0, f1));
            int r1 = row(Math.max(f0, f1));
            for (int r = Math.max(r0, 0); r <= Math.min(r1, ROWS - 1); r++) {
                shaded[r][c] = true;
            }
        }
    }

    /**
     * True when no line or marker, and hardly any band, is drawn in the box spanning fractions
     * [x0, x1] × [y0, y1] of the plot, x from the left, y from the bottom.
     */
    boolean free(double x0, double y0, double x1, double y1) {
        int c0 = Math.max(0, (int) Math.floor(x0 * COLS));
        int c1 = Math.min(COLS - 1, (int) Math.ceil(x1 * COLS) - 1);
        int r0 = Math.max(0, row(y0));
        int r1 = Math.min(ROWS - 1, row(y1));
        int cells = 0;
        int bands = 0;
        for (int r = r0; r <= r1; r++) {
            for (int c = c0; c <= c1; c++) {
                if (used[r][c]) {
                    return false;
                }
                cells++;
                bands += shaded[r][c] ? 1 : 0;
            }
        }
        return bands <= BAND_TOLERANCE * cells;
    }

    private double fx(double x) {
        double v = logX ? (x > 0 ? Math.log10(x) : Double.NaN) : x;
        return (v - xMin) / (xMax - xMin);
    }

    private double fy(double y) {
        return (y - yMin) / (yMax - yMin);
    }

    private static int row(double fy) {
        // Rows count from the bottom; clamping keeps clipped parts of a band on the border row.
        return (int) Math.floor(Math.max(-1, Math.min(fy, 1.0 - 1e-9)) * ROWS);
    }

    private void mark(double fx, double fy) {
        if (fx < 0 || fx > 1 || fy < 0 || fy > 1) {
            return;
        }
        used[Math.min(ROWS - 1, (int) (fy * ROWS))][Math.min(COLS - 1, (int) (fx * COLS))] = true;
    }
}
