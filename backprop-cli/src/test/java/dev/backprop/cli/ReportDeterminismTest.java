package dev.backprop.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same experiment run with one and with two threads writes the same report: every figure the
 * same PNG bytes, and report.md the same text but for the lines that state wall-clock times.
 */
class ReportDeterminismTest {

    private static final String YAML = String.join("\n",
            "name: twice",
            "title: Run twice",
            "data:",
            "  dataset: mnist-sample",
            "  train: {first: 600}",
            "  validation: {first: 300}",
            "defaults:",
            "  model: {hidden: [32], activation: sigmoid}",
            "  optimizer: {name: sgd, lr: 0.1, momentum: 0.9}",
            "  training: {batch_size: 60, epochs: 2, validations_per_epoch: 2}",
            "  seed: 4",
            "runs:",
            "  - name: a",
            "  - name: b",
            "    model: {activation: tanh}",
            "");

    @Test
    void figuresAndReportTextDoNotDependOnThreads(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("twice.yaml"), YAML);
        CliRunner cli = new CliRunner(dir);
        for (String threads : new String[] {"1", "2"}) {
            CliRunner.Result r = cli.run("run", "twice.yaml", "--threads", threads, "--output", "t" + threads);
            assertEquals(0, r.exitCode(), r.toString());
        }
        List<Path> figures;
        try (Stream<Path> files = Files.walk(dir.resolve("t1"))) {
            figures = files.filter(f -> f.toString().endsWith(".png")).map(dir.resolve("t1")::relativize).sorted().toList();
        }
        assertTrue(figures.size() >= 2, "the report has figures: " + figures);
        for (Path f : figures) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("t1").resolve(f)), Files.readAllBytes(dir.resolve("t2").resolve(f)),
                    f.toString());
        }
        assertEquals(withoutTimes(dir.resolve("t1/report.md")), withoutTimes(dir.resolve("t2/report.md")));
        assertEquals(withoutTimes(dir.resolve("t1/results.md")), withoutTimes(dir.resolve("t2/results.md")));
    }

    /** The lines of a report without the thread count, and with wall-clock times ("12.3 s") blanked. */
    private static List<String> withoutTimes(Path file) throws Exception {
        return Files.readAllLines(file).stream()
                .filter(l -> !l.contains("thread(s)"))
                .map(l -> l.replaceAll("\\b\\d+(\\.\\d+)? s\\b", "_ s"))
                .toList();
    }
}
