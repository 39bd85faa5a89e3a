package dev.backprop.determinism;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Same seed, same bits: {@link DeterminismProbe} trains in child JVMs on the Vector API path with
 * one and two threads, on the scalar twin, without the Vector API module at all, twice in a row,
 * and on the newest other JDK installed (JDK 25 on the project's machines), and every run must
 * print the same digests of weights and losses, per dtype.
 */
class CrossRuntimeDeterminismTest {

    private static final String VECTOR = "--add-modules=jdk.incubator.vector";

    @Test
    void weightsAndLossesAreIdenticalAcrossThreadsKernelPathsRunsAndJdks() throws Exception {
        String thisJava = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Map<String, List<String>> configurations = new LinkedHashMap<>();
        configurations.put("this JDK, vector, 1 thread", List.of(thisJava, VECTOR, "1"));
        configurations.put("this JDK, vector, 2 threads", List.of(thisJava, VECTOR, "2"));
        configurations.put("this JDK, vector, 2 threads again", List.of(thisJava, VECTOR, "2"));
        configurations.put("this JDK, scalar twin, 2 threads", List.of(thisJava, VECTOR, "-Dbackprop.kernels=scalar", "2"));
        configurations.put("this JDK, no Vector API module, 1 thread", List.of(thisJava, "1"));
        Path other = otherJdk();
        if (other != null) {
            configurations.put(other.getFileName() + ", vector, 2 threads", List.of(other.resolve("bin/java").toString(),
                    VECTOR, "2"));
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        for (var e : configurations.entrySet()) {
            outputs.put(e.getKey(), run(e.getValue()));
        }
        String reference = digests(outputs.values().iterator().next());
        StringBuilder table = new StringBuilder();
        for (var e : outputs.entrySet()) {
            table.append(String.format("%-48s %s%n", e.getKey(), e.getValue().lines().findFirst().orElse("")));
        }
        System.out.print("determinism across runtimes:\n" + table);
        for (var e : outputs.entrySet()) {
            assertEquals(reference, digests(e.getValue()), e.getKey() + " differs from the first configuration:\n" + table);
        }
        assertTrue(outputs.values().stream().anyMatch(o -> o.startsWith("kernels=vector")), "the vector path ran");
        assertTrue(outputs.values().stream().anyMatch(o -> o.startsWith("kernels=scalar (the Vector API is not enabled")),
                "the fallback without the module ran:\n" + table);
        if (other == null) {
            String why = "no second JDK (17 or newer, other than " + System.getProperty("java.home")
                    + ") under /usr/lib/jvm or in BACKPROP_OTHER_JDK; the cross-JDK comparison did not run";
            if (System.getenv("CI") != null && !System.getenv("CI").isBlank()) {
                Assertions.fail("CI is set, so this must not be skipped: " + why);
            }
            Assumptions.abort(why);
        }
    }

    private static String digests(String output) {
        return output.lines().filter(l -> l.startsWith("float")).reduce("", (a, b) -> a + b + "\n");
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        full.add(command.get(0));
        full.addAll(command.subList(1, command.size() - 1));
        full.add("-Xmx512m");
        full.add("-cp");
        full.add(System.getProperty("java.class.path"));
        full.add(DeterminismProbe.class.getName());
        full.add(command.get(command.size() - 1));
        Process p = new ProcessBuilder(full).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            Assertions.fail(String.join(" ", full) + " failed:\n" + new String(err, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** A JDK other than the running one, 17 or newer: BACKPROP_OTHER_JDK, else the newest under /usr/lib/jvm. */
    private static Path otherJdk() throws IOException {
        String named = System.getenv("BACKPROP_OTHER_JDK");
        if (named != null && !named.isBlank()) {
            return Path.of(named);
        }
        Path here = Path.of(System.getProperty("java.home")).toRealPath();
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        try (Stream<Path> dirs = Files.list(jvms)) {
            return dirs.filter(d -> Files.isExecutable(d.resolve("bin/java")) && Files.exists(d.resolve("release")))
                    .filter(d -> {
                        try {
                            return !d.toRealPath().equals(here) && feature(d) >= 17 && feature(d) != feature(here);
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .max(Comparator.comparingInt(CrossRuntimeDeterminismTest::feature)).orElse(null);
        }
    }

    private static int feature(Path jdk) {
        try {
            for (String line : Files.readAllLines(jdk.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring(line.indexOf('"') + 1);
                    return Integer.parseInt(v.split("[.\"]")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
