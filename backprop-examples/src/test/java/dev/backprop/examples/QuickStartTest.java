package dev.backprop.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's example runs, reaches its target, and is the code the README shows. */
class QuickStartTest {

    @Test
    void learnsXorAndPassesTheGradientCheck() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        QuickStart.Result r = QuickStart.run(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        assertEquals(1.0, r.accuracy());
        assertTrue(r.lastLoss() < 0.01 && r.firstLoss() > 0.5, r.toString());
        // XOR's 0/1 inputs give some tiny gradient entries, whose relative error is rounding noise.
        assertTrue(r.maxGradientError() < 1e-6 && r.maxNormGradientError() < 1e-9, r.toString());
        String text = buffer.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("accuracy 100%"), text);
        assertTrue(text.contains("total (float64)"), text);
    }

    @Test
    void readmeShowsTheExampleVerbatim() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        String source = Files.readString(root.resolve(
                "backprop-examples/src/main/java/dev/backprop/examples/QuickStart.java"));
        String readme = Files.readString(root.resolve("README.md"));
        String example = between(source, "// README example: begin\n", "        // README example: end");
        String shown = between(readme, "```java\n", "```");
        assertEquals(example.stripTrailing().stripIndent().strip(), shown.strip(),
                "README.md's Java example must be the code of QuickStart.run between its markers");
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertTrue(from >= 0, "marker not found: " + start);
        from += start.length();
        int to = text.indexOf(end, from);
        assertTrue(to >= 0, "marker not found: " + end);
        return text.substring(from, to);
    }
}
