package dev.backprop.cli;

import dev.backprop.model.ModelFile;
import dev.backprop.testing.DataFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The assignments' settings on real MNIST, through the command line, with fixed seeds: examples
 * that must reach their target accuracy (CI sets BACKPROP_DATA).
 */
class AssignmentAccuracyTest {

    private static double validationAccuracy(Path model) throws Exception {
        Map<?, ?> result = (Map<?, ?>) ModelFile.read(model).provenance().get("result");
        return ((Number) result.get("validation_accuracy")).doubleValue();
    }

    /** TDT4265 assignment 2, task 3 with all three tricks: students reported 95.9%, PyTorch gets 96.0%. */
    @Test
    void tdt4265Assignment2WithAllTricks(@TempDir Path dir) throws Exception {
        Path data = DataFolder.require();
        CliRunner.Result r = new CliRunner(dir).run("train", "--dataset", "mnist", "--data-dir", data.toString(),
                "--train-first", "20000", "--scaling", "raw", "--standardize", "--bias-column",
                "--hidden", "64", "--activation", "improved_sigmoid", "--init", "fan_in_normal", "--bias", "none",
                "--lr", "0.02", "--momentum", "0.9", "--batch-size", "32", "--epochs", "50",
                "--validations-per-epoch", "5", "--early-stopping", "validation_loss", "--patience", "10",
                "--seed", "1", "--output", "a2");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.contains("total (float32)") && l.endsWith("50,880")),
                "785·64 + 64·10 parameters:\n" + r.out());
        double accuracy = validationAccuracy(dir.resolve("a2/model.safetensors"));
        assertTrue(accuracy >= 0.955, "validation accuracy " + accuracy);
    }

    /** TDT4265 assignment 1, task 2: logistic regression, 2 (label 1) vs 3 (label 0); students reported 97.9%. */
    @Test
    void tdt4265Assignment1LogisticRegression(@TempDir Path dir) throws Exception {
        Path data = DataFolder.require();
        CliRunner.Result r = new CliRunner(dir).run("train", "--dataset", "mnist", "--data-dir", data.toString(),
                "--train-first", "20000", "--classes", "3,2", "--scaling", "symmetric", "--bias-column",
                "--init", "zeros", "--bias", "none", "--loss", "binary_cross_entropy", "--lr", "0.05",
                "--batch-size", "128", "--no-shuffle", "--epochs", "50", "--validations-per-epoch", "5",
                "--early-stopping", "validation_loss", "--patience", "10", "--output", "a1");
        assertEquals(0, r.exitCode(), r.toString());
        double accuracy = validationAccuracy(dir.resolve("a1/model.safetensors"));
        assertTrue(accuracy >= 0.97, "validation accuracy " + accuracy);
    }
}
