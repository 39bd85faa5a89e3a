package dev.backprop.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class ChartsTest {

    @TempDir
    Path dir;

    private static List<RunCurves> threeRuns() {
        RunCurves a = SyntheticRuns.run("baseline", 10, 100, 2, 0.30, 0.2, 1);
        a.stepLoss()[0] = 1e6; // a diverging first step
        return List.of(a, SyntheticRuns.run("weight decay", 10, 100, 2, 0.20, 0.1, 2),
                SyntheticRuns.run("momentum", 10, 100, 2, 0.10, 0.3, 3));
    }

    private static Palette paletteOf(List<RunCurves> runs) {
        return new Palette(runs.stream().map(RunCurves::name).toList());
    }

    private BufferedImage written(XYChart chart, String name) throws IOException {
        Path file = dir.resolve(name);
        Charts.writePng(chart, file);
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(Charts.WIDTH, image.getWidth());
        assertEquals(Charts.HEIGHT, image.getHeight());
        return image;
    }

    @Test
    void lossAndAccuracyChartsDrawEveryRunInTheSameColour() throws IOException {
        List<RunCurves> runs = threeRuns();
        Palette palette = paletteOf(runs);
        XYChart loss = Charts.lossCurves("Loss", runs, palette, 10);
        XYChart accuracy = Charts.accuracyCurves("Accuracy", runs, palette);
        BufferedImage lossImage = written(loss, "loss.png");
        BufferedImage accuracyImage = written(accuracy, "accuracy.png");

        assertFalse(ImageChecks.isBlank(lossImage));
        assertFalse(ImageChecks.isBlank(accuracyImage));
        assertEquals(6, ImageChecks.seriesCount(loss), "training and validation of three runs");
        assertEquals(6, ImageChecks.seriesCount(accuracy));

        List<Color> used = runs.stream().map(r -> palette.color(r.name())).toList();
        List<Color> unused = Palette.colours().subList(runs.size(), Palette.colours().size());
        for (BufferedImage image : List.of(lossImage, accuracyImage)) {
            assertEquals(Set.copyOf(used), ImageChecks.coloursPresent(image, used, 50));
            assertEquals(Set.of(), ImageChecks.coloursPresent(image, unused, 5), "no colour of a run not in the chart");
        }
    }

    @Test
    void aHugeFirstLossDoesNotStretchTheLossAxis() {
        List<RunCurves> runs = threeRuns();
        XYChart chart = Charts.lossCurves("Loss", runs, paletteOf(runs), 10);
        // The curves start near 2.3; the outlier's block averages 1e5.
        assertTrue(chart.getStyler().getYAxisMax() < 3, "y max " + chart.getStyler().getYAxisMax());
        assertEquals(0, chart.getStyler().getYAxisMin());
    }

    @Test
    void aHugeFirstLossDoesNotStretchTheAxisOfAShortRunEither() {
        double[] loss = new double[40];
        Arrays.fill(loss, 1.0);
        loss[0] = 1e6;
        RunCurves run = new RunCurves("short", loss, 20,
                List.of(new RunCurves.Point(20, 1.0, 0.6, 1.1, 0.55), new RunCurves.Point(40, 0.9, 0.65, 1.05, 0.6)));
        XYChart chart = Charts.lossCurves("Loss", List.of(run), new Palette(List.of("short")), 10);
        assertTrue(chart.getStyler().getYAxisMax() < 2, "y max " + chart.getStyler().getYAxisMax());
    }

    @Test
    void nonFiniteLossesAreSkippedAndARunWithoutValidationHasOneCurve() throws IOException {
        double[] loss = new double[300];
        for (int i = 0; i < loss.length; i++) {
            loss[i] = i % 7 == 0 ? Double.NaN : 1.0 / (1 + i * 0.01);
        }
        Arrays.fill(loss, 100, 120, Double.NaN); // two whole blocks without a finite value
        loss[5] = Double.POSITIVE_INFINITY;
        RunCurves run = new RunCurves("gappy", loss, 50, List.of());
        XYChart chart = Charts.lossCurves("Loss", List.of(run), new Palette(List.of("gappy")), 10);
        assertEquals(1, ImageChecks.seriesCount(chart));
        assertTrue(Double.isFinite(chart.getStyler().getYAxisMax()));
        assertTrue(chart.getStyler().getYAxisMax() <= 1.2);
        for (XYSeries s : chart.getSeriesMap().values()) {
            assertTrue(Arrays.stream(s.getYData()).allMatch(Double::isFinite), s.getName());
        }
        assertFalse(ImageChecks.isBlank(written(chart, "gappy.png")));
    }

    @Test
    void accuracyAxisFollowsTheData() {
        List<RunCurves> runs = threeRuns();
        XYChart chart = Charts.accuracyCurves("Accuracy", runs, paletteOf(runs));
        double min = chart.getStyler().getYAxisMin();
        assertEquals(100, chart.getStyler().getYAxisMax(), "accuracies up to 96% leave no room for anything but 100");
        // The synthetic accuracies lie between about 80% and 96%.
        assertTrue(min > 40 && min < 80, "y min " + min);
        // Accuracy is plotted in percent.
        double top = chart.getSeriesMap().values().stream().filter(XYSeries::isShowInLegend)
                .flatMapToDouble(s -> Arrays.stream(s.getYData())).max().orElseThrow();
        assertTrue(top > 90 && top <= 100, "top " + top);

        assertArrayEquals(new double[] {30, 46}, AxisRanges.accuracyRange(new double[] {32, 35, 41, 44}),
                "CIFAR-like accuracies are not squeezed into the bottom of a 0-100 axis");
        assertArrayEquals(new double[] {96, 100}, AxisRanges.accuracyRange(new double[] {97.5, 98, 99.2, 100}));
        assertArrayEquals(new double[] {0, 100}, AxisRanges.accuracyRange(new double[] {Double.NaN}));
    }

    @Test
    void rejectsWhatCannotBeDrawn() {
        List<RunCurves> runs = threeRuns();
        Palette palette = paletteOf(runs);
        assertThrows(IllegalArgumentException.class, () -> Charts.lossCurves("t", runs, palette, 0));
        assertThrows(IllegalArgumentException.class, () -> Charts.lossCurves("t", List.of(), palette, 10));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Charts.accuracyCurves("t", runs, new Palette(List.of("baseline"))));
        assertTrue(unknown.getMessage().contains("weight decay"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Charts.lossCurves("t", List.of(runs.get(0), runs.get(0)), palette, 10));
        RunCurves noEpochs = new RunCurves("baseline", new double[] {1}, 0, List.of());
        assertThrows(IllegalArgumentException.class, () -> Charts.lossCurves("t", List.of(noEpochs), palette, 10));
    }

    @Test
    void metricVersusALogarithmicParameter() throws IOException {
        double[] lambda = {2, 0.2, 0.02, 0.002};
        double[] accuracy = {80.1, 89.5, 91.8, 92.0};
        XYChart chart = Charts.metricVersus("Validation accuracy against λ", "λ", "validation accuracy (%)",
                List.of("2", "0.2", "0.02", "0.002"), lambda, accuracy, true);
        assertTrue(chart.getStyler().isXAxisLogarithmic());
        assertEquals(1, ImageChecks.seriesCount(chart));
        assertTrue(chart.getStyler().getXAxisMin() < 0.002 && chart.getStyler().getXAxisMax() > 2);
        XYSeries line = chart.getSeriesMap().values().iterator().next();
        assertEquals(List.of(0.002, 0.02, 0.2, 2.0), Arrays.stream(line.getXData()).boxed().toList(),
                "drawn in order of x");
        BufferedImage image = written(chart, "lambda.png");
        assertFalse(ImageChecks.isBlank(image));
        assertTrue(ImageChecks.pixelCount(image, Palette.colours().get(0)) > 100);
    }

    @Test
    void aLogAxisNamesThePointsItCannotShow() {
        XYChart chart = Charts.metricVersus("t", "λ", "accuracy (%)", List.of("λ = 0", "λ = 0.1", "λ = 1"),
                new double[] {0, 0.1, 1}, new double[] {90, 91, 85}, true);
        XYSeries line = chart.getSeriesMap().values().iterator().next();
        assertEquals(List.of(0.1, 1.0), Arrays.stream(line.getXData()).boxed().toList());
        assertTrue(chart.getXAxisTitle().contains("λ = 0: 90"), chart.getXAxisTitle());
        assertEquals("λ", Charts.metricVersus("t", "λ", "y", List.of(), new double[] {0.1, 1}, new double[] {1, 2},
                true).getXAxisTitle());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> Charts.metricVersus("t",
                "λ", "y", List.of(), new double[] {0, -1}, new double[] {1, 2}, true));
        assertTrue(none.getMessage().contains("x > 0"), none.getMessage());
    }

    @Test
    void metricVersusRejectsMismatchedArraysAndNoFinitePoint() {
        assertThrows(IllegalArgumentException.class, () -> Charts.metricVersus("t", "x", "y", List.of(),
                new double[] {1, 2}, new double[] {1}, false));
        assertThrows(IllegalArgumentException.class, () -> Charts.metricVersus("t", "x", "y", List.of("a"),
                new double[] {1, 2}, new double[] {1, 2}, false));
        assertThrows(IllegalArgumentException.class, () -> Charts.metricVersus("t", "x", "y", List.of(),
                new double[] {1, 2}, new double[] {Double.NaN, Double.NaN}, false));
    }

    @Test
    void scatterVersusHighlightsTheBestTrialAndLeavesOutDivergedOnes() throws IOException {
        double[] lr = {1e-4, 1e-3, 1e-2, 1e-1, 1};
        double[] accuracy = {0.40, 0.52, 0.55, 0.47, Double.NaN};
        List<String> labels = List.of("a", "b", "c", "d", "e");
        XYChart chart = Charts.scatterVersus("Search", "learning rate", "validation accuracy", labels, lr, accuracy,
                true, true);
        assertEquals(2, ImageChecks.seriesCount(chart));
        XYSeries best = series(chart, "best");
        assertEquals(List.of(1e-2), Arrays.stream(best.getXData()).boxed().toList());
        assertTrue(best.getLabel().contains("c"), best.getLabel());
        XYSeries others = series(chart, "other trials");
        assertEquals(3, others.getXData().length, "the best and the diverged trial are not among the others");
        assertTrue(others.getLabel().contains("1 more not finite"), others.getLabel());
        assertFalse(ImageChecks.isBlank(written(chart, "search.png")));

        XYChart lowest = Charts.scatterVersus("Search", "learning rate", "validation loss", labels, lr, accuracy,
                true, false);
        assertEquals(List.of(1e-4), Arrays.stream(series(lowest, "best").getXData()).boxed().toList());
    }

    private static XYSeries series(XYChart chart, String labelStart) {
        return chart.getSeriesMap().values().stream().filter(s -> s.getLabel().startsWith(labelStart)).findFirst()
                .orElseThrow(() -> new AssertionError("no series labelled " + labelStart + "..."));
    }
}
