package dev.backprop.report;

import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageChecksTest {

    private static BufferedImage filled(Color c) {
        BufferedImage image = new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, 20, 10);
        g.dispose();
        return image;
    }

    @Test
    void uniformAndNearlyUniformImagesAreBlank() {
        BufferedImage image = filled(Color.WHITE);
        assertTrue(ImageChecks.isBlank(image));
        assertEquals(1, ImageChecks.distinctColours(image));
        image.setRGB(3, 3, Color.BLACK.getRGB());
        assertTrue(ImageChecks.isBlank(image), "two colours: a background and a speck");
        image.setRGB(4, 3, Color.RED.getRGB());
        assertFalse(ImageChecks.isBlank(image));
        assertEquals(3, ImageChecks.distinctColours(image));
    }

    @Test
    void countsPixelsOfAColourAndWhichCandidatesArePresent() {
        BufferedImage image = filled(Color.WHITE);
        for (int x = 0; x < 7; x++) {
            image.setRGB(x, 0, Color.BLUE.getRGB());
        }
        image.setRGB(0, 5, Color.RED.getRGB());
        assertEquals(7, ImageChecks.pixelCount(image, Color.BLUE));
        assertEquals(Set.of(Color.BLUE), ImageChecks.coloursPresent(image, List.of(Color.BLUE, Color.RED, Color.GREEN), 2));
    }

    @Test
    void seriesCountLeavesOutHelperSeries() {
        RunCurves run = SyntheticRuns.run("only", 2, 50, 1, 0.3, 0, 9);
        Palette palette = new Palette(List.of("only"));
        var chart = Charts.lossCurves("Loss", List.of(run), palette, 10);
        assertTrue(chart.getSeriesMap().size() > 2, "bands, the legend key and the axis helper exist");
        assertEquals(2, ImageChecks.seriesCount(chart));
    }
}
