package dev.backprop.report;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Checks that a rendered figure shows something, for tests here and in other modules: an image
 * that is blank, a chart without its curves, a curve in the wrong colour.
 *
 * <pre>{@code
 * BufferedImage img = Charts.toImage(chart);
 * assertFalse(ImageChecks.isBlank(img));
 * assertEquals(4, ImageChecks.seriesCount(chart));
 * assertTrue(ImageChecks.pixelCount(img, palette.color("baseline")) > 100);
 * }</pre>
 */
public final class ImageChecks {

    /** An image with fewer distinct colours than this counts as blank. */
    public static final int BLANK_BELOW_COLOURS = 3;

    private ImageChecks() {
    }

    /**
     * True when the image is (nearly) uniform: fewer than {@value #BLANK_BELOW_COLOURS} distinct
     * colours, say a background and a border. A chart with only axes and text is not blank by
     * this test; use {@link #seriesCount} or {@link #pixelCount} for its curves.
     */
    public static boolean isBlank(BufferedImage image) {
        return distinctColours(image) < BLANK_BELOW_COLOURS;
    }

    /** Number of distinct RGB colours in the image (alpha ignored). */
    public static int distinctColours(BufferedImage image) {
        int[] rgb = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] &= 0xFFFFFF;
        }
        Arrays.sort(rgb);
        int distinct = rgb.length == 0 ? 0 : 1;
        for (int i = 1; i < rgb.length; i++) {
            if (rgb[i] != rgb[i - 1]) {
                distinct++;
            }
        }
        return distinct;
    }

    /** Number of pixels of exactly {@code colour} (RGB, alpha ignored). */
    public static int pixelCount(BufferedImage image, Color colour) {
        int target = colour.getRGB() & 0xFFFFFF;
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == target) {
                    count++;
                }
            }
        }
        return count;
    }

    /**
     * Those of {@code candidates} that cover at least {@code minPixels} pixels of the image, in
     * the candidates' order: which run colours a chart actually shows.
     */
    public static Set<Color> coloursPresent(BufferedImage image, Collection<Color> candidates, int minPixels) {
        Set<Color> present = new LinkedHashSet<>();
        for (Color c : candidates) {
            if (pixelCount(image, c) >= minPixels) {
                present.add(c);
            }
        }
        return present;
    }

    /**
     * Number of data series listed in the legend: the curves and point sets a reader can look up
     * there, e.g. two per run in a loss chart (training and validation). Helper series are not
     * counted: the shaded bands (drawn, not listed) and the legend key explaining them (listed,
     * no data).
     */
    public static int seriesCount(XYChart chart) {
        int n = 0;
        for (XYSeries s : chart.getSeriesMap().values()) {
            if (s.isEnabled() && s.isShowInLegend() && !s.getName().startsWith(ChartStyle.KEY_PREFIX)) {
                n++;
            }
        }
        return n;
    }
}
