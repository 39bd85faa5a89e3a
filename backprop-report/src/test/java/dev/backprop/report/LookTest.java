package dev.backprop.report;

import dev.backprop.data.ImageShape;
import dev.backprop.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Renders one figure of every kind from realistic data, to look at: set the system property
 * {@code backprop.report.lookDir} to keep them; otherwise they go to a temporary directory and
 * this only checks that they are drawn.
 */
@org.junit.jupiter.api.Timeout(120)
class LookTest {

    @TempDir
    Path temp;

    private Path dir() {
        String keep = System.getProperty("backprop.report.lookDir");
        return keep == null ? temp : Path.of(keep);
    }

    @Test
    void rendersEveryKindOfFigure() throws Exception {
        List<RunCurves> runs = List.of(
                SyntheticRuns.run("baseline", 20, 200, 2, 0.30, 0.25, 1),
                SyntheticRuns.run("improved weight init", 20, 200, 2, 0.18, 0.35, 2),
                SyntheticRuns.run("momentum", 20, 200, 2, 0.10, 0.45, 3));
        double[] first = runs.get(0).stepLoss();
        first[0] = 250; // a diverging first step must not flatten the plot
        Palette palette = new Palette(runs.stream().map(RunCurves::name).toList());
        Path dir = dir();
        Charts.writePng(Charts.lossCurves("Task 3: loss of the three improvements", runs, palette, 10),
                dir.resolve("loss.png"));
        Charts.writePng(Charts.accuracyCurves("Task 3: accuracy of the three improvements", runs, palette),
                dir.resolve("accuracy.png"));
        Charts.writePng(Charts.metricVersus("Validation accuracy against L2 strength", "λ (L2 regularisation strength)",
                        "validation accuracy (%)", List.of("λ = 0", "λ = 0.001", "λ = 0.01", "λ = 0.1", "λ = 1", "λ = 2"),
                        new double[] {0, 0.001, 0.01, 0.1, 1, 2}, new double[] {91.7, 91.9, 92.1, 91.2, 86.5, 81.0}, true),
                dir.resolve("lambda.png"));
        List<RunCurves> plateau = List.of(
                SyntheticRuns.run("λ = 0", 50, 1000, 1, 0.25, 0.0, 4),
                SyntheticRuns.run("λ = 0.01", 50, 1000, 1, 0.32, 0.0, 5));
        Palette p2 = new Palette(plateau.stream().map(RunCurves::name).toList());
        Charts.writePng(Charts.lossCurves("Loss, 50 epochs of 1000 steps", plateau, p2, 10), dir.resolve("loss-long.png"));
        Charts.writePng(Charts.accuracyCurves("Accuracy, 50 epochs", plateau, p2), dir.resolve("accuracy-plateau.png"));
        Random random = new Random(7);
        int n = 24;
        double[] lr = new double[n];
        double[] acc = new double[n];
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lr[i] = Math.pow(10, -4 + 3.5 * random.nextDouble());
            double l = Math.log10(lr[i]);
            acc[i] = i == 5 ? Double.NaN : 0.52 - 0.05 * (l + 2.2) * (l + 2.2) + 0.02 * random.nextGaussian();
            labels.add(String.format(java.util.Locale.ROOT, "lr = %.2g", lr[i]));
        }
        Charts.writePng(Charts.scatterVersus("Random search: validation accuracy of 24 trials", "learning rate",
                "validation accuracy", labels, lr, acc, true, true), dir.resolve("search.png"));

        List<String> classes = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship",
                "truck");
        BufferedImage plain = WeightImages.render(cifarLikeWeights(0), ImageShape.CIFAR, classes, 5, 3);
        BufferedImage smooth = WeightImages.render(cifarLikeWeights(2), ImageShape.CIFAR, classes, 5, 3);
        WeightImages.writePng(WeightImages.sideBySide(List.of("λ = 0", "λ = 2"), List.of(plain, smooth)),
                dir.resolve("weights.png"));
        WeightImages.writePng(WeightImages.render(mnistLikeWeights(), ImageShape.MNIST,
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), 10, 3), dir.resolve("weights-mnist.png"));

        for (String f : List.of("loss", "accuracy", "lambda", "search", "weights", "weights-mnist")) {
            Path file = dir.resolve(f + ".png");
            assertTrue(Files.size(file) > 1000, f);
            assertFalse(ImageChecks.isBlank(javax.imageio.ImageIO.read(file.toFile())), f);
        }
    }

    /** Noise for λ = 0, blobs smoothed by stronger regularisation. */
    private static Matrix cifarLikeWeights(double lambda) {
        Random random = new Random(11);
        int in = ImageShape.CIFAR.size();
        double[] w = new double[(in + 1) * 10];
        for (int j = 0; j < 10; j++) {
            double cx = 8 + random.nextInt(16);
            double cy = 8 + random.nextInt(16);
            for (int c = 0; c < 3; c++) {
                double tint = random.nextGaussian();
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        double blob = Math.exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / 60.0) * tint;
                        double noise = random.nextGaussian() / (1 + 3 * lambda);
                        w[(c * 1024 + y * 32 + x) * 10 + j] = blob + 0.6 * noise;
                    }
                }
            }
            w[in * 10 + j] = 50; // bias, must not matter
        }
        return Matrix.wrap(w, in + 1, 10);
    }

    /** Rings of different radii, so each tile looks different. */
    private static Matrix mnistLikeWeights() {
        double[] w = new double[785 * 10];
        for (int j = 0; j < 10; j++) {
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    double r = Math.hypot(x - 13.5, y - 13.5);
                    w[(y * 28 + x) * 10 + j] = j == 9 ? 0.25 : Math.cos(r / (1.5 + j));
                }
            }
        }
        return Matrix.wrap(w, 785, 10);
    }
}
