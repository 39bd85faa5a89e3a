package dev.backprop.report;

import dev.backprop.data.ImageShape;
import dev.backprop.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeightImagesTest {

    private static final ImageShape TINY = new ImageShape(1, 2, 2);

    /** Column 0 ramps 0, 1, 2, 3 over the pixels; column 1 is constant. */
    private static Matrix rampAndConstant(boolean bias) {
        double[][] w = {{0, 5}, {1, 5}, {2, 5}, {3, 5}, {1000, -1000}};
        return Matrix.of(bias ? w : java.util.Arrays.copyOf(w, 4));
    }

    private static int grey(int level) {
        return new Color(level, level, level).getRGB();
    }

    @Test
    void aTileIsScaledToItsOwnRangeRowByRow() {
        BufferedImage tile = WeightImages.tile(rampAndConstant(false), TINY, 0);
        assertEquals(2, tile.getWidth());
        assertEquals(grey(0), tile.getRGB(0, 0));
        assertEquals(grey(85), tile.getRGB(1, 0));
        assertEquals(grey(170), tile.getRGB(0, 1));
        assertEquals(grey(255), tile.getRGB(1, 1));
    }

    @Test
    void aConstantColumnIsMidGrey() {
        BufferedImage tile = WeightImages.tile(rampAndConstant(false), TINY, 1);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 2; x++) {
                assertEquals(grey(128), tile.getRGB(x, y));
            }
        }
    }

    @Test
    void theRenderedGridShowsEveryLevelZoomed() {
        int zoom = 4;
        BufferedImage image = WeightImages.render(rampAndConstant(false), TINY, List.of(), 2, zoom);
        assertEquals(zoom * zoom, ImageChecks.pixelCount(image, new Color(0, 0, 0)));
        assertEquals(zoom * zoom, ImageChecks.pixelCount(image, new Color(85, 85, 85)));
        assertEquals(zoom * zoom, ImageChecks.pixelCount(image, new Color(170, 170, 170)));
        assertEquals(4 * zoom * zoom, ImageChecks.pixelCount(image, new Color(128, 128, 128)));
        assertFalse(ImageChecks.isBlank(image));
    }

    @Test
    void theBiasRowIsIgnored() {
        for (int j = 0; j < 2; j++) {
            BufferedImage with = WeightImages.tile(rampAndConstant(true), TINY, j);
            BufferedImage without = WeightImages.tile(rampAndConstant(false), TINY, j);
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 2; x++) {
                    assertEquals(without.getRGB(x, y), with.getRGB(x, y));
                }
            }
        }
    }

    @Test
    void threeChannelTilesAreColouredFromPlanarRows() {
        ImageShape rgb = new ImageShape(3, 1, 2);
        // Planes R = (1, 0), G = (0, 0), B = (0, 1): pixel 0 red, pixel 1 blue.
        Matrix w = Matrix.of(new double[][] {{1}, {0}, {0}, {0}, {0}, {1}});
        BufferedImage tile = WeightImages.tile(w, rgb, 0);
        assertEquals(new Color(255, 0, 0).getRGB(), tile.getRGB(0, 0));
        assertEquals(new Color(0, 0, 255).getRGB(), tile.getRGB(1, 0));
        BufferedImage image = WeightImages.render(w, rgb, List.of("red-blue"), 1, 3);
        assertEquals(9, ImageChecks.pixelCount(image, Color.RED));
        assertEquals(9, ImageChecks.pixelCount(image, Color.BLUE));
    }

    @Test
    void oddCountsOfNonSquareTilesFillRowsLeftToRight() {
        ImageShape wide = new ImageShape(1, 3, 5);
        int zoom = 2;
        BufferedImage seven = WeightImages.render(ramps(wide.size(), 7), wide, List.of(), 3, zoom);
        BufferedImage nine = WeightImages.render(ramps(wide.size(), 9), wide, List.of(), 3, zoom);
        BufferedImage six = WeightImages.render(ramps(wide.size(), 6), wide, List.of(), 3, zoom);
        BufferedImage three = WeightImages.render(ramps(wide.size(), 3), wide, List.of(), 3, zoom);
        assertEquals(nine.getHeight(), seven.getHeight(), "a third row for the seventh tile");
        assertTrue(seven.getHeight() > six.getHeight());
        assertEquals(three.getWidth(), seven.getWidth());
        assertTrue(seven.getWidth() > seven.getHeight(), "tiles are wider than tall");
        // Each ramp has one minimum (black) pixel, each drawn zoom × zoom.
        assertEquals(7 * zoom * zoom, ImageChecks.pixelCount(seven, Color.BLACK));
    }

    @Test
    void atMostMaxTilesAreDrawnAndColumnsShrinkToTheTileCount() {
        BufferedImage many = WeightImages.render(ramps(4, 150), TINY, List.of(), 10, 1);
        assertEquals(WeightImages.MAX_TILES, ImageChecks.pixelCount(many, Color.BLACK));
        BufferedImage two = WeightImages.render(ramps(4, 2), TINY, List.of(), 10, 1);
        BufferedImage twoInTwo = WeightImages.render(ramps(4, 2), TINY, List.of(), 2, 1);
        assertEquals(twoInTwo.getWidth(), two.getWidth());
    }

    @Test
    void labelsMayCoverJustTheDrawnTiles() {
        List<String> hundred = new java.util.ArrayList<>();
        for (int j = 0; j < 150; j++) {
            hundred.add("unit " + (j + 1));
        }
        BufferedImage image = WeightImages.render(ramps(4, 150), TINY, hundred.subList(0, 100), 10, 1);
        assertFalse(ImageChecks.isBlank(image));
        WeightImages.render(ramps(4, 150), TINY, hundred, 10, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WeightImages.render(ramps(4, 150), TINY, hundred.subList(0, 50), 10, 1));
        assertTrue(e.getMessage().contains("50 labels") && e.getMessage().contains("150"), e.getMessage());
    }

    @Test
    void labelsAreDrawnUnderTheTiles() {
        Matrix w = ramps(4, 2);
        BufferedImage plain = WeightImages.render(w, TINY, List.of(), 2, 8);
        BufferedImage labelled = WeightImages.render(w, TINY, List.of("automobile", "cat"), 2, 8);
        assertTrue(labelled.getHeight() > plain.getHeight());
        assertTrue(labelled.getWidth() > plain.getWidth(), "a label wider than its tile widens the cells");
        assertTrue(ImageChecks.distinctColours(labelled) > ImageChecks.distinctColours(plain));
    }

    @Test
    void weightsThatDoNotFitTheShapeAreRejectedNamingBothSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WeightImages.render(ramps(10, 3), TINY, List.of(), 3, 1));
        assertTrue(e.getMessage().contains("10") && e.getMessage().contains("4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WeightImages.tile(ramps(784, 3), ImageShape.CIFAR, 0));
        assertThrows(IllegalArgumentException.class,
                () -> WeightImages.render(ramps(8, 1), new ImageShape(2, 2, 2), List.of(), 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> WeightImages.render(ramps(4, 3), TINY, List.of("only one"), 3, 1));
        assertThrows(IllegalArgumentException.class, () -> WeightImages.render(ramps(4, 3), TINY, List.of(), 0, 1));
        assertThrows(IllegalArgumentException.class, () -> WeightImages.render(ramps(4, 3), TINY, List.of(), 1, 0));
    }

    @Test
    void nonFiniteWeightsNeitherThrowNorSpoilTheRange() {
        Matrix w = Matrix.of(new double[][] {{Double.NaN}, {0}, {1}, {Double.POSITIVE_INFINITY}});
        BufferedImage tile = WeightImages.tile(w, TINY, 0);
        assertEquals(grey(128), tile.getRGB(0, 0));
        assertEquals(grey(0), tile.getRGB(1, 0));
        assertEquals(grey(255), tile.getRGB(0, 1));
        Matrix allNaN = Matrix.of(new double[][] {{Double.NaN}, {Double.NaN}, {Double.NaN}, {Double.NaN}});
        assertEquals(grey(128), WeightImages.tile(allNaN, TINY, 0).getRGB(1, 1));
    }

    @Test
    void sideBySideCaptionsEachImageAndWritesAPng(@TempDir Path dir) throws Exception {
        BufferedImage a = WeightImages.render(rampAndConstant(false), TINY, List.of("ramp", "flat"), 2, 10);
        BufferedImage b = WeightImages.render(rampAndConstant(true), TINY, List.of("ramp", "flat"), 2, 10);
        BufferedImage both = WeightImages.sideBySide(List.of("λ = 0", "λ = 2"), List.of(a, b));
        assertTrue(both.getWidth() > a.getWidth() + b.getWidth());
        assertTrue(both.getHeight() > a.getHeight(), "room for the captions");
        Path file = dir.resolve("sub/weights.png");
        WeightImages.writePng(both, file);
        BufferedImage read = ImageIO.read(file.toFile());
        assertEquals(both.getWidth(), read.getWidth());
        assertEquals(ImageChecks.distinctColours(both), ImageChecks.distinctColours(read));
        assertThrows(IllegalArgumentException.class, () -> WeightImages.sideBySide(List.of("one"), List.of(a, b)));
        assertThrows(IllegalArgumentException.class,
                () -> WeightImages.sideBySide(Collections.emptyList(), Collections.emptyList()));
    }

    /** {@code cols} columns, each 0, 1, ..., in - 1 shifted by its index (one minimum pixel each). */
    private static Matrix ramps(int in, int cols) {
        double[] w = new double[in * cols];
        for (int i = 0; i < in; i++) {
            for (int j = 0; j < cols; j++) {
                w[i * cols + j] = i + j;
            }
        }
        return Matrix.wrap(w, in, cols);
    }
}
