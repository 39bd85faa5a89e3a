package dev.backprop.cli;

import dev.backprop.model.Model;
import dev.backprop.model.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train → save → eval → predict, in-process, on the bundled sample (offline). */
class EndToEndTest {

    @Test
    void trainSaveEvalPredict(@TempDir Path dir) throws Exception {
        CliRunner cli = new CliRunner(dir);
        CliRunner.Result train = cli.run("train", "--hidden", "32", "--activation", "relu", "--init", "he_normal",
                "--lr", "0.05", "--momentum", "0.9", "--epochs", "3", "--validations-per-epoch", "2",
                "--seed", "7", "--output", "run");
        assertEquals(0, train.exitCode(), train.toString());
        assertTrue(train.out().contains("validation accuracy"), train.out());
        assertTrue(train.out().contains("total (float32)"), "the summary is printed");
        assertEquals(3, train.out().lines().filter(l -> l.startsWith("epoch ")).count(), "one line per epoch when redirected");
        for (String f : new String[] {"model.safetensors", "checkpoint.safetensors", "steps.csv", "validations.csv",
            "history.json"}) {
            assertTrue(Files.isRegularFile(dir.resolve("run").resolve(f)), f);
        }
        Model model = ModelFile.read(dir.resolve("run/model.safetensors"));
        assertEquals("mnist-sample", model.dataset());
        double recorded = ((Number) ((java.util.Map<?, ?>) model.provenance().get("result")).get("validation_accuracy"))
                .doubleValue();
        assertTrue(recorded > 0.88, "validation accuracy " + recorded);

        CliRunner.Result eval = cli.run("eval", "run/model.safetensors");
        assertEquals(0, eval.exitCode(), eval.toString());
        assertTrue(eval.out().contains(String.format(java.util.Locale.ROOT, "accuracy %.2f%%", 100 * recorded)),
                "eval reproduces the accuracy recorded at training:\n" + eval.out());
        assertTrue(eval.out().contains("confusion"), eval.out());

        // predict a PNG cut from the test set: image 0 is a 7
        byte[] pixels;
        try (InputStream in = new GZIPInputStream(EndToEndTest.class.getResourceAsStream(
                "/dev/backprop/data/mnist-sample/t10k-images-idx3-ubyte.gz"))) {
            pixels = in.readAllBytes();
        }
        BufferedImage seven = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 784; i++) {
            int v = pixels[16 + i] & 0xFF;
            seven.setRGB(i % 28, i / 28, (v << 16) | (v << 8) | v);
        }
        ImageIO.write(seven, "png", dir.resolve("seven.png").toFile());
        Files.writeString(dir.resolve("seven.pgm"), pgm(pixels));
        CliRunner.Result predict = cli.run("predict", "run", "seven.png", "seven.pgm");
        assertEquals(0, predict.exitCode(), predict.toString());
        assertTrue(predict.out().contains("seven.png: 7") && predict.out().contains("seven.pgm: 7"), predict.out());

        CliRunner.Result summary = cli.run("summary", "run/model.safetensors");
        assertEquals(0, summary.exitCode(), summary.toString());
        assertTrue(summary.out().contains("dense 784 -> 32, relu") && summary.out().contains("trained on mnist-sample"),
                summary.out());

        // started again, the finished run is recognised from its checkpoint and not retrained
        CliRunner.Result again = cli.run("train", "--hidden", "32", "--activation", "relu", "--init", "he_normal",
                "--lr", "0.05", "--momentum", "0.9", "--epochs", "3", "--validations-per-epoch", "2",
                "--seed", "7", "--output", "run");
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.err().contains("resuming from the checkpoint"), again.err());
        assertEquals(0, again.out().lines().filter(l -> l.startsWith("epoch ")).count());
    }

    private static String pgm(byte[] idx) {
        StringBuilder sb = new StringBuilder("P2\n# a seven from MNIST\n28 28\n255\n");
        for (int i = 0; i < 784; i++) {
            sb.append(idx[16 + i] & 0xFF).append(i % 28 == 27 ? '\n' : ' ');
        }
        return sb.toString();
    }
}
