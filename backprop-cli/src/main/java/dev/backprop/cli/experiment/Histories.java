package dev.backprop.cli.experiment;

import dev.backprop.report.RunCurves;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a run's {@code steps.csv} and {@code validations.csv} back into curves for plotting. */
final class Histories {

    private Histories() {
    }

    static RunCurves read(String name, Path runDir) throws IOException {
        List<String> steps = Files.readAllLines(runDir.resolve("steps.csv"));
        double[] loss = new double[Math.max(0, steps.size() - 1)];
        int batchesPerEpoch = 1;
        for (int i = 1; i < steps.size(); i++) {
            String[] c = steps.get(i).split(",", -1);
            loss[i - 1] = number(c[2]);
            if (i == 1) {
                double epoch = number(c[1]);
                batchesPerEpoch = epoch > 0 ? (int) Math.round(1 / epoch) : 1;
            }
        }
        List<RunCurves.Point> points = new ArrayList<>();
        List<String> vals = Files.readAllLines(runDir.resolve("validations.csv"));
        for (int i = 1; i < vals.size(); i++) {
            String[] c = vals.get(i).split(",", -1);
            points.add(new RunCurves.Point(Long.parseLong(c[0]), number(c[3]), number(c[4]), number(c[5]), number(c[6])));
        }
        return new RunCurves(name, loss, Math.max(1, batchesPerEpoch), points);
    }

    private static double number(String s) {
        return s.isBlank() ? Double.NaN : Double.parseDouble(s);
    }
}
