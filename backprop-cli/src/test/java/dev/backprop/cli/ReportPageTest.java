package dev.backprop.cli;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An experiment's report: the files, the figures, and the HTML page as a browser shows it (headless
 * Chromium: no console errors, every image displayed, a screenshot).
 */
class ReportPageTest {

    private static final String YAML = String.join("\n",
            "name: pictures",
            "title: Pictures of a small study",
            "data: {dataset: mnist-sample, train: {first: 800}, validation: {first: 400}}",
            "defaults:",
            "  model: {hidden: [], init: zeros, bias: none}",
            "  optimizer: {name: sgd, lr: 0.05}",
            "  training: {batch_size: 40, epochs: 3, validations_per_epoch: 3}",
            "runs:",
            "  - name: plain",
            "  - name: l2",
            "    regularization: {kind: weight_decay, lambda: 0.5}",
            "  - name: l2-more",
            "    regularization: {kind: weight_decay, lambda: 2}",
            "steps:",
            "  - {type: parameter_count, name: Size}",
            "figures:",
            "  - {type: loss, title: Loss, runs: [plain, l2, l2-more]}",
            "  - {type: accuracy, title: Accuracy, runs: [plain, l2, l2-more]}",
            "  - {type: weights, title: Weights, runs: [plain, l2-more]}",
            "  - {type: versus, title: Accuracy against lambda, runs: [l2, l2-more], x: lambda, y: validation_accuracy}",
            "");

    private static Path runStudy(Path dir) throws Exception {
        Files.writeString(dir.resolve("pictures.yaml"), YAML);
        CliRunner.Result r = new CliRunner(dir).run("run", "pictures.yaml", "--output", "out");
        assertEquals(0, r.exitCode(), r.toString());
        return dir.resolve("out");
    }

    @Test
    void reportFilesAndFiguresExistAndRegenerate(@TempDir Path dir) throws Exception {
        Path out = runStudy(dir);
        for (String f : new String[] {"report.md", "report.html", "results.md", "results.csv"}) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        List<Path> figures;
        try (var files = Files.list(out.resolve("figures"))) {
            figures = files.sorted().toList();
        }
        assertEquals(4, figures.size(), figures.toString());
        for (Path f : figures) {
            BufferedImage image = ImageIO.read(f.toFile());
            assertTrue(image.getWidth() > 200 && dev.backprop.report.ImageChecks.distinctColours(image) > 20,
                    f + " is blank");
        }
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("![Loss](figures/01-loss.png)"), md);
        String html = Files.readString(out.resolve("report.html"));
        assertEquals(4, count(html, "<img src=\"data:image/png;base64,"), "figures are embedded");
        assertTrue(!html.contains("src=\"http") && !html.contains("href=\"http"), "no external resources");

        Files.delete(out.resolve("report.html"));
        CliRunner.Result again = new CliRunner(dir).run("report", "out");
        assertEquals(0, again.exitCode(), again.toString());
        assertEquals(html, Files.readString(out.resolve("report.html")), "regenerated without training, the same page");
    }

    @Test
    void theHtmlPageShowsEveryImageInHeadlessChromium(@TempDir Path dir) throws Exception {
        Path chromium = chromium();
        Path out = runStudy(dir);
        Path page = out.resolve("report.html");
        // A harness page loads the report in a frame and records whether each image decoded.
        Path harness = out.resolve("harness.html");
        Files.writeString(harness, String.join("\n",
                "<!DOCTYPE html><html><body><iframe id=f src=\"report.html\" style=\"width:1200px;height:900px\"></iframe>",
                "<pre id=result>waiting</pre><script>",
                "document.getElementById('f').onload = function () {",
                "  var imgs = this.contentDocument.images, ok = 0, bad = 0;",
                "  for (var i = 0; i < imgs.length; i++) { if (imgs[i].complete && imgs[i].naturalWidth > 0) ok++; else bad++; }",
                "  document.getElementById('result').textContent = 'IMAGES ok=' + ok + ' bad=' + bad;",
                "};</script></body></html>"));
        String dom = run(chromium, dir, "--allow-file-access-from-files", "--virtual-time-budget=10000", "--dump-dom",
                harness.toUri().toString()).stdout;
        Matcher m = Pattern.compile("IMAGES ok=(\\d+) bad=(\\d+)").matcher(dom);
        assertTrue(m.find(), "the harness did not report:\n" + dom);
        assertEquals(4, Integer.parseInt(m.group(1)), dom);
        assertEquals(0, Integer.parseInt(m.group(2)), dom);

        Path shot = out.resolve("screenshot.png");
        Output o = run(chromium, dir, "--enable-logging=stderr", "--v=0", "--window-size=1200,2400",
                "--screenshot=" + shot, page.toUri().toString());
        for (String line : o.stderr.lines().toList()) {
            boolean consoleError = line.contains("CONSOLE") && (line.contains("ERROR") || line.contains("Uncaught"));
            assertTrue(!consoleError && !line.contains("Failed to load resource") && !line.contains("Not allowed to load"),
                    "console error: " + line);
        }
        BufferedImage image = ImageIO.read(shot.toFile());
        assertTrue(image != null && dev.backprop.report.ImageChecks.distinctColours(image) > 50, "screenshot is blank");
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    /** Debian's Chromium (installed by .ci/run); a skip elsewhere, a failure under CI. */
    private static Path chromium() {
        String configured = System.getenv("BACKPROP_CHROMIUM");
        Path path = Path.of(configured != null ? configured : "/usr/bin/chromium");
        if (!Files.isExecutable(path)) {
            String problem = "Chromium not found at " + path + " (install Debian's chromium or set BACKPROP_CHROMIUM)";
            if (System.getenv("CI") != null && !System.getenv("CI").isBlank()) {
                Assertions.fail("CI is set, so this test must not be skipped: " + problem);
            }
            Assumptions.abort(problem);
        }
        return path;
    }

    private record Output(String stdout, String stderr) {
    }

    private static Output run(Path chromium, Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(dir, "chromium-profile")));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        Thread e = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        });
        e.start();
        p.getInputStream().transferTo(out);
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "Chromium did not finish");
        e.join();
        return new Output(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
