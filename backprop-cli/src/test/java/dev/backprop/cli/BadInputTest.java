package dev.backprop.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every bad input gets one or two lines naming the cause and the fix, and the documented exit code. */
class BadInputTest {

    @TempDir
    Path dir;

    private CliRunner.Result run(String... args) {
        return new CliRunner(dir).run(args);
    }

    private static void assertCleanError(CliRunner.Result r, int code, String... fragments) {
        assertEquals(code, r.exitCode(), r.toString());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "expected '" + f + "' in:\n" + r.err());
        }
        assertFalse(r.err().contains("\tat "), "no stack trace without --debug:\n" + r.err());
    }

    @Test
    void unknownActivationSuggestsTheNearestName() {
        assertCleanError(run("train", "--activation", "improved_sigmiod"), ExitCodes.USAGE,
                "unknown activation 'improved_sigmiod'", "did you mean 'improved_sigmoid'?");
    }

    @Test
    void negativeLearningRate() {
        assertCleanError(run("train", "--lr", "-0.1"), ExitCodes.USAGE, "learning rate", "-0.1");
    }

    @Test
    void unknownOptionAndCommand() {
        assertCleanError(run("train", "--learning-rate", "0.1"), ExitCodes.USAGE, "Unknown option", "--help");
        assertCleanError(run("trian"), ExitCodes.USAGE, "trian");
    }

    @Test
    void missingModelFile() {
        assertCleanError(run("eval", "missing.safetensors"), ExitCodes.DATA, "does not exist", "help:");
    }

    @Test
    void modelFileOfTheWrongArchitectureForEval() throws Exception {
        // a model trained on 28x28 images, evaluated on CIFAR's 32x32x3
        CliRunner cli = new CliRunner(dir);
        assertEquals(0, cli.run("train", "--epochs", "1", "--train-first", "200", "--validation", "none",
                "--output", "tiny").exitCode());
        Path data = dev.backprop.testing.DataFolder.require();
        CliRunner.Result r = cli.run("eval", "tiny/model.safetensors", "--dataset", "cifar10", "--data-dir", data.toString());
        assertCleanError(r, ExitCodes.DATA, "do not fit this model");
    }

    @Test
    void damagedModelFile() throws Exception {
        CliRunner cli = new CliRunner(dir);
        assertEquals(0, cli.run("train", "--epochs", "1", "--train-first", "200", "--validation", "none",
                "--output", "tiny").exitCode());
        Path model = dir.resolve("tiny/model.safetensors");
        byte[] bytes = Files.readAllBytes(model);
        bytes[bytes.length - 5] ^= 0x40;
        Files.write(dir.resolve("damaged.safetensors"), bytes);
        assertCleanError(cli.run("eval", "damaged.safetensors"), ExitCodes.DATA, "damaged.safetensors");
        Files.write(dir.resolve("cut.safetensors"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertCleanError(cli.run("eval", "cut.safetensors"), ExitCodes.DATA, "cut.safetensors");
    }

    @Test
    void missingImageForPredict() throws Exception {
        CliRunner cli = new CliRunner(dir);
        assertEquals(0, cli.run("train", "--epochs", "1", "--train-first", "200", "--validation", "none",
                "--output", "tiny").exitCode());
        assertCleanError(cli.run("predict", "tiny", "no-such-digit.png"), ExitCodes.DATA,
                "image", "no-such-digit.png", "does not exist");
    }

    @Test
    void notAnImageForPredict() throws Exception {
        CliRunner cli = new CliRunner(dir);
        assertEquals(0, cli.run("train", "--epochs", "1", "--train-first", "200", "--validation", "none",
                "--output", "tiny").exitCode());
        Files.writeString(dir.resolve("notes.png"), "not a picture");
        assertCleanError(cli.run("predict", "tiny", "notes.png"), ExitCodes.DATA, "notes.png");
    }

    @Test
    void unwritableOutputIsReportedBeforeTraining() throws Exception {
        Files.writeString(dir.resolve("file"), "x");
        assertCleanError(run("train", "--output", "file/run"), ExitCodes.DATA, "cannot write to --output");
    }

    @Test
    void unknownDataset() {
        assertCleanError(run("train", "--dataset", "mnsit"), ExitCodes.USAGE, "did you mean 'mnist'?");
    }

    @Test
    void divergenceExitsWithCodeFour() {
        assertCleanError(run("train", "--hidden", "32", "--activation", "relu", "--lr", "1e20", "--epochs", "2", "--train-first", "500",
                "--output", "d"),
                ExitCodes.DIVERGED, "diverged at step", "smaller learning rate");
    }

    @Test
    void debugShowsTheStackTrace() {
        CliRunner.Result r = run("eval", "missing.safetensors", "--debug");
        assertEquals(ExitCodes.DATA, r.exitCode());
        assertTrue(r.err().contains("\tat "), r.err());
    }

    @Test
    void helpListsEveryCommand() {
        CliRunner.Result r = run("--help");
        assertEquals(0, r.exitCode());
        for (String c : new String[] {"train", "eval", "predict", "gradcheck", "summary", "data"}) {
            assertTrue(r.out().contains(c), c);
        }
        assertTrue(run("train", "--help").out().contains("--early-stopping"));
    }
}
