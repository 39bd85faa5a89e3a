package dev.backprop.data;

import dev.backprop.random.Rng;
import dev.backprop.tensor.DType;
import dev.backprop.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Preprocessing, selections, splits and batches on small known images. */
class PipelineTest {

    /** Four 1x2x2 images with pixel values chosen so every statistic is easy to check by hand. */
    static LabeledImages tiny() {
        byte[] pixels = {
            0, 0, (byte) 255, (byte) 255,   // image 0, label 2
            10, 20, 30, 40,                 // image 1, label 3
            (byte) 200, 0, 0, 100,          // image 2, label 2
            1, 2, 3, 4};                    // image 3, label 0
        return new LabeledImages("tiny", pixels, new int[] {2, 3, 2, 0}, new ImageShape(1, 2, 2),
                List.of("0", "1", "2", "3"));
    }

    @Test
    void pixelScalings() {
        assertEquals(1.0, PixelScaling.UNIT.apply(255));
        assertEquals(-1.0, PixelScaling.SYMMETRIC.apply(0));
        assertEquals(1.0, PixelScaling.SYMMETRIC.apply(255));
        assertEquals((128 - 127.5) / 127.5, PixelScaling.SYMMETRIC.apply(128), 1e-16);
        assertEquals(PixelScaling.SYMMETRIC, PixelScaling.parse("-1..1"));
        assertEquals(PixelScaling.UNIT, PixelScaling.parse("unit"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PixelScaling.parse("symetric"));
        assertTrue(e.getMessage().contains("did you mean 'symmetric'?"), e.getMessage());
    }

    @Test
    void scaleAndBiasColumn() {
        Dataset d = Preprocessing.scaled(PixelScaling.SYMMETRIC).withBiasColumn().fit(tiny()).apply(tiny());
        assertEquals(5, d.featureCount());
        assertArrayEquals(new double[] {-1, -1, 1, 1, 1}, d.features().row(0), 1e-7);
        assertEquals(DType.FLOAT32, d.features().dtype());
        assertArrayEquals(new int[] {2, 3, 2, 0}, d.labels());
    }

    @Test
    void standardisationUsesTrainingStatisticsOnly() {
        LabeledImages images = tiny();
        Preprocessor p = Preprocessing.scaled(PixelScaling.RAW).standardized().as(DType.FLOAT64).fit(images);
        double[] all = new double[16];
        for (int i = 0; i < 16; i++) {
            all[i] = images.pixels()[i] & 0xFF;
        }
        double mean = java.util.Arrays.stream(all).average().orElseThrow();
        double var = java.util.Arrays.stream(all).map(v -> (v - mean) * (v - mean)).sum() / 16;   // population
        assertEquals(mean, p.mean(), 1e-12);
        assertEquals(Math.sqrt(var), p.std(), 1e-12);
        Dataset d = p.apply(images);
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < d.features().size(); i++) {
            sum += d.features().getFlat(i);
            sq += d.features().getFlat(i) * d.features().getFlat(i);
        }
        assertEquals(0, sum / 16, 1e-12);
        assertEquals(1, sq / 16, 1e-12);
        // applied to other images, the training statistics are used
        Dataset other = p.apply(images.slice(3, 4));
        assertEquals((1 - mean) / Math.sqrt(var), other.features().get(0, 0), 1e-12);
        // scaled to [0, 1] first, the statistics scale with it
        Preprocessor unit = Preprocessing.scaled(PixelScaling.UNIT).standardized().fit(images);
        assertEquals(mean / 255, unit.mean(), 1e-12);
        assertEquals(Math.sqrt(var) / 255, unit.std(), 1e-12);
    }

    @Test
    void meanImageSubtraction() {
        Dataset d = Preprocessing.scaled(PixelScaling.RAW).meanImageSubtracted().as(DType.FLOAT64).fit(tiny()).apply(tiny());
        for (int j = 0; j < 4; j++) {
            double column = 0;
            for (int i = 0; i < 4; i++) {
                column += d.features().get(i, j);
            }
            assertEquals(0, column, 1e-12, "feature " + j);
        }
        assertEquals(0 - (0 + 10 + 200 + 1) / 4.0, d.features().get(0, 0), 1e-12);
    }

    @Test
    void preprocessingIsDescribedForModelFiles() {
        Preprocessor p = Preprocessing.scaled(PixelScaling.RAW).standardized().withBiasColumn().fit(tiny());
        var d = p.describe();
        assertEquals("raw", d.get("scaling"));
        assertEquals(true, d.get("bias_column"));
        assertEquals(p.mean(), d.get("mean"));
        Preprocessor restored = new Preprocessor(p.recipe(), 4, p.mean(), p.std(), null);
        assertArrayEquals(p.apply(tiny()).features().toDoubleArray(), restored.apply(tiny()).features().toDoubleArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.apply(
                new LabeledImages("big", new byte[9], new int[] {0}, new ImageShape(1, 3, 3), List.of("a"))));
        assertTrue(e.getMessage().contains("fitted on images of 4"), e.getMessage());
        LabeledImages flat = new LabeledImages("flat", new byte[8], new int[] {0, 0}, new ImageShape(1, 2, 2), List.of("a"));
        e = assertThrows(IllegalArgumentException.class, () -> Preprocessing.scaled(PixelScaling.RAW).standardized().fit(flat));
        assertTrue(e.getMessage().contains("std > 0"), e.getMessage());
    }

    @Test
    void keepClassesRelabelsByPosition() {
        LabeledImages twoVsThree = tiny().keepClasses(3, 2);   // TDT4265: digit 2 -> label 1, digit 3 -> label 0
        assertEquals(3, twoVsThree.count());
        assertArrayEquals(new int[] {1, 0, 1}, twoVsThree.labels());
        assertEquals(List.of("3", "2"), twoVsThree.classNames());
        assertEquals(10, twoVsThree.pixel(1, 0));
        assertThrows(IllegalArgumentException.class, () -> tiny().keepClasses(2, 2));
        assertThrows(IllegalArgumentException.class, () -> tiny().keepClasses(4));
    }

    @Test
    void slicesAndSelections() {
        LabeledImages images = tiny();
        assertArrayEquals(new int[] {3, 2}, images.slice(1, 3).labels());
        assertArrayEquals(new int[] {0, 2}, images.select(new int[] {3, 0}).labels());
        assertEquals(1, images.select(new int[] {3, 0}).pixel(0, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> images.slice(2, 5));
        assertArrayEquals(new int[] {2, 3}, images.first(2).labels());
        assertArrayEquals(new int[] {2, 0}, images.last(2).labels());
        assertEquals(4, images.first(10).count());
        assertThrows(IllegalArgumentException.class, () -> images.last(-1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LabeledImages("bad", new byte[4], new int[] {7}, new ImageShape(1, 2, 2), List.of("a", "b")));
        assertTrue(e.getMessage().contains("label 7 of image 0 is outside 0..1"), e.getMessage());

        Dataset d = Preprocessing.scaled(PixelScaling.RAW).fit(images).apply(images);
        Dataset view = d.slice(1, 3);
        assertEquals(2, view.size());
        assertEquals(3, view.label(0));
        view.features().set(0, 0, 99);
        assertEquals(99, d.features().get(1, 0), "a slice is a view");
        assertArrayEquals(new int[] {1, 0, 2, 1}, d.classCounts());
        Matrix oneHot = d.oneHot(DType.FLOAT64);
        assertArrayEquals(new double[] {0, 0, 1, 0}, oneHot.row(0));
    }

    @Test
    void seededSplitIsDisjointCompleteAndReproducible() {
        LabeledImages images = new LabeledImages("n", new byte[100], new int[100], new ImageShape(1, 1, 1), List.of("a"));
        byte[] p = images.pixels();
        for (int i = 0; i < 100; i++) {
            p[i] = (byte) i;
        }
        Dataset d = Preprocessing.scaled(PixelScaling.RAW).fit(images).apply(images);
        Dataset.Split a = d.split(0.2, Rng.seeded(7));
        Dataset.Split b = d.split(20, Rng.seeded(7));
        assertEquals(20, a.validation().size());
        assertEquals(80, a.train().size());
        assertArrayEquals(a.validation().features().toDoubleArray(), b.validation().features().toDoubleArray());
        java.util.Set<Double> seen = new java.util.HashSet<>();
        for (double v : a.train().features().toDoubleArray()) {
            seen.add(v);
        }
        for (double v : a.validation().features().toDoubleArray()) {
            assertTrue(seen.add(v), "value " + v + " in both parts");
        }
        assertEquals(100, seen.size());
        assertThrows(IllegalArgumentException.class, () -> d.split(101, Rng.seeded(1)));
    }

    @Test
    void batchesInOrderAreViewsAndShuffledAreReusedBuffers() {
        LabeledImages images = new LabeledImages("n", new byte[10], new int[10], new ImageShape(1, 1, 1), List.of("a"));
        for (int i = 0; i < 10; i++) {
            images.pixels()[i] = (byte) i;
        }
        Dataset d = Preprocessing.scaled(PixelScaling.RAW).fit(images).apply(images);
        Batches keep = new Batches(d, 4, false);
        assertEquals(3, keep.count());
        assertEquals(2, new Batches(d, 4, true).count());
        Batches.Batch last = keep.get(2);
        assertEquals(2, last.size());
        assertEquals(8, last.features().get(0, 0));
        Matrix firstView = keep.get(0).features();
        assertSame(firstView, keep.get(0).features(), "in-order views are made once");

        keep.shuffle(Rng.seeded(3));
        Matrix shuffled = keep.get(0).features();
        assertNotSame(firstView, shuffled);
        assertSame(shuffled, keep.get(1).features(), "shuffled batches share one buffer");
        java.util.Set<Double> seen = new java.util.TreeSet<>();
        for (int b = 0; b < keep.count(); b++) {
            Batches.Batch batch = keep.get(b);
            for (int i = 0; i < batch.size(); i++) {
                seen.add(batch.features().get(i, 0));
                assertEquals(0, batch.labels()[batch.labelOffset() + i]);
            }
        }
        assertEquals(10, seen.size(), "an epoch visits every example once");
    }

    @Test
    void statisticsAreExact() {
        DatasetStatistics s = DatasetStatistics.of(tiny());
        assertEquals(4, s.count());
        assertArrayEquals(new int[] {1, 0, 2, 1}, s.classCounts());
        assertEquals((255 * 2 + 100 + 200 + 100 + 10) / 16.0, s.pixelMean(), 1e-12);
        assertTrue(s.describe(tiny().classNames()).contains("4 images"));
    }

    @Test
    void sampleGridPng(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("grid.png");
        ImageGrid.writePng(tiny(), 0, 4, 2, 3, png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(2 + 2 * (2 * 3 + 2), image.getWidth());
        assertEquals(0xFFFFFF, image.getRGB(2 + 3 + 1, 2 + 3 + 1) & 0xFFFFFF, "image 0, pixel (1, 1) is white");
        assertEquals(0x000000, image.getRGB(2, 2) & 0xFFFFFF, "image 0, pixel (0, 0) is black");
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.render(tiny(), 2, 5, 2, 1));
        assertEquals(1, java.nio.file.Files.list(dir).count(), "no temporary file left");
    }
}
