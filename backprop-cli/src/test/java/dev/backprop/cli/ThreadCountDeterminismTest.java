package dev.backprop.cli;

import dev.backprop.model.ModelFile;
import dev.backprop.nn.Network;
import dev.backprop.nn.Parameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code train --threads 1} and {@code --threads 2} on a network and batch large enough for the
 * products and row kernels to be split over both threads: the same weights, to the bit, and the
 * same history files, byte for byte.
 */
class ThreadCountDeterminismTest {

    /** The file's lines with the wall_seconds column blanked: the one thing allowed to differ. */
    private static List<String> withoutWallTime(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        int wall = List.of(lines.get(0).split(",")).indexOf("wall_seconds");
        return lines.stream().map(l -> {
            String[] cells = l.split(",", -1);
            if (wall >= 0) {
                cells[wall] = "";
            }
            return String.join(",", cells);
        }).toList();
    }

    @Test
    void oneAndTwoThreadsTrainTheSameBits(@TempDir Path dir) throws Exception {
        CliRunner cli = new CliRunner(dir);
        for (String threads : new String[] {"1", "2"}) {
            for (String dtype : new String[] {"float32", "float64"}) {
                CliRunner.Result r = cli.run("train", "--dataset", "mnist-sample", "--train-first", "1536",
                        "--validation", "split:0.25", "--hidden", "256,64", "--activation", "improved_sigmoid",
                        "--batch-size", "256", "--epochs", "2", "--validations-per-epoch", "2", "--lr", "0.05",
                        "--momentum", "0.9", "--dtype", dtype, "--threads", threads, "--output", dtype + "-" + threads);
                assertEquals(0, r.exitCode(), r.toString());
            }
        }
        for (String dtype : new String[] {"float32", "float64"}) {
            Path one = dir.resolve(dtype + "-1"), two = dir.resolve(dtype + "-2");
            for (String file : List.of("steps.csv", "validations.csv")) {
                assertEquals(withoutWallTime(one.resolve(file)), withoutWallTime(two.resolve(file)), dtype + " " + file);
            }
            Network a = ModelFile.read(one.resolve("model.safetensors")).network();
            Network b = ModelFile.read(two.resolve("model.safetensors")).network();
            for (Parameter p : a.parameters()) {
                assertArrayEquals(p.value().toDoubleArray(), b.parameter(p.name()).value().toDoubleArray(),
                        dtype + " " + p.name());
            }
        }
    }
}
