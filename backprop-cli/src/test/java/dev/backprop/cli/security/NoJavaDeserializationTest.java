package dev.backprop.cli.security;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Model files, checkpoints, histories and experiment files are data: nothing in the product's
 * sources reads Java serialization, XML beans or polymorphic JSON (which would let a crafted file
 * instantiate classes). A scan of every module's main sources keeps it that way.
 */
class NoJavaDeserializationTest {

    private static final Pattern FORBIDDEN = Pattern.compile(
            "ObjectInputStream|readObject\\s*\\(|readUnshared\\s*\\(|XMLDecoder|enableDefaultTyping|activateDefaultTyping"
                    + "|@JsonTypeInfo|SerializationUtils|ScriptEngine|Runtime\\.getRuntime\\(\\)\\.exec");

    @Test
    void noModuleDeserializesJavaObjects() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();   // tests run in backprop-cli/
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(p -> p.getFileName().toString().startsWith("backprop-")).toList()) {
                Path main = module.resolve("src/main/java");
                if (Files.isDirectory(main)) {
                    try (Stream<Path> files = Files.walk(main)) {
                        files.filter(f -> f.toString().endsWith(".java")).forEach(sources::add);
                    }
                }
            }
        }
        assertTrue(sources.size() > 100, "found the sources: " + sources.size());
        List<String> hits = new ArrayList<>();
        for (Path f : sources) {
            List<String> lines = Files.readAllLines(f);
            for (int i = 0; i < lines.size(); i++) {
                if (FORBIDDEN.matcher(lines.get(i)).find()) {
                    hits.add(root.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).trim());
                }
            }
        }
        assertTrue(hits.isEmpty(), "deserialization or code execution from data:\n" + String.join("\n", hits));
        System.out.println("no deserialization: " + sources.size() + " source files scanned");
    }
}
