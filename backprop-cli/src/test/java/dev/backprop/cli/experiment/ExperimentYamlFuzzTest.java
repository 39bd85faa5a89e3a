package dev.backprop.cli.experiment;

import dev.backprop.cli.CliContext;
import dev.backprop.cli.CliException;
import dev.backprop.cli.ExitCodes;
import dev.backprop.fuzz.Fuzz;
import dev.backprop.fuzz.Mutator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes experiment files as {@code run}, {@code reproduce} and {@code train --config} read them
 * ({@link ExperimentCommands#read}, {@link LocatedTree#parse}, {@link Experiment#parse} in both
 * variants): random bytes and text, damaged bundled experiments (bytes, lines, values replaced by
 * boundary values and YAML's special constructs) and generated files over the schema's keys. Each is
 * refused with a {@link CliException} naming the file, or parses into runs with unique names.
 */
class ExperimentYamlFuzzTest {

    /** Scalars and YAML constructs put where a value was. */
    private static final String[] VALUES = {"0", "-1", "2147483647", "2147483648", "9223372036854775808",
        "99999999999999999999999", "1e309", "-1e309", ".nan", ".inf", "null", "~", "[]", "{}", "''", "\"\\u0000\"",
        "[1, [2, [3]]]", "{a: {b: {c: 1}}}", "&a x", "*a", "*undefined", "!!binary AAAA", "!!python/object:os.system x",
        "true", "yes", "0x1F", "1_000", "2001-12-14", "|\n  text", "relu", "none", "sgd", "- a\n- b", "\"x\": 1",
        "[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]"};

    /** Lines inserted anywhere. */
    private static final String[] LINES = {"---", "...", "%YAML 1.1", "%TAG ! tag:x,2000:", "? [a, b]\n: c",
        "<<: *a", "x: &a [*a]", "\t- tab", "runs: {a: 1}", "searches: 5", "steps: [1, 2]", "tables: {x: y}",
        "figures: [[]]", "runs:\n  - 7", "runs: [{name: a}, {name: a}]", "data: {classes: [99, -1]}",
        "defaults: {training: {batch_size: 4294967328}}", "defaults: {schedule: {decay: 0.5, every: 1e12}}",
        "searches:\n  - name: s\n    random: {trials: 2000000000, space: {optimizer.lr: {uniform: [0, 1]}}}",
        "searches:\n  - name: g\n    grid: {optimizer.lr: [1,2,3,4,5,6,7,8,9,10], optimizer.momentum: [1,2,3,4,5,6,7,8,9,10],"
            + " seed: [1,2,3,4,5,6,7,8,9,10], model.hidden: [1,2,3,4,5,6,7,8,9,10], training.epochs: [1,2,3,4,5,6,7,8,9,10]}",
        "searches:\n  - name: r\n    random: {trials: 3, space: {optimizer.lr: 5}}", "fast: {searches: {g: {trials: -5}}}",
        "a" + ": b".repeat(3), "[" .repeat(200), "{".repeat(200), "- ".repeat(200) + "x"};

    @TempDir
    Path dir;

    private static List<String> seeds() {
        List<String> seeds = new ArrayList<>();
        for (String name : ExperimentCommands.BUNDLED) {
            seeds.add(ExperimentCommands.bundled(name));
        }
        seeds.add(String.join("\n", "name: demo", "data: {dataset: mnist-sample, train: {first: 500}, validation: {split: 0.1}}",
                "defaults:", "  model: {hidden: [16], activation: relu, init: {name: uniform, low: -0.1, high: 0.1}}",
                "  optimizer: {name: adam, lr: 0.001}", "  schedule: {decay: 0.5, every: 2}",
                "  early_stopping: {metric: validation_loss, patience: 3}", "  training: {batch_size: 50, epochs: 2}",
                "runs:", "  - name: a", "  - name: b", "    regularization: {kind: l2, lambda: 0.01}",
                "searches:", "  - name: g", "    grid: {optimizer.lr: [0.01, 0.1]}",
                "  - name: r", "    random: {trials: 2, space: {optimizer.lr: {log_uniform: [0.001, 0.1]}}}",
                "tables:", "  - {title: All, runs: [a, g], columns: [validation_accuracy]}",
                "figures:", "  - {type: loss, runs: [a, b]}", "  - {type: search, search: r}",
                "fast: {defaults: {training: {epochs: 1}}, searches: {g: {trials: 1}}}", ""));
        return seeds;
    }

    /** Line and value damage to a seed: the mutations that reach the schema rather than the YAML syntax. */
    private static Fuzz.Generator textMutations(List<String> seeds) {
        return random -> {
            int which = random.nextInt(seeds.size());
            List<String> lines = new ArrayList<>(Arrays.asList(seeds.get(which).split("\n", -1)));
            StringBuilder what = new StringBuilder("seed " + which);
            for (int k = 1 + random.nextInt(3); k > 0 && !lines.isEmpty(); k--) {
                int at = random.nextInt(lines.size());
                String line = lines.get(at);
                switch (random.nextInt(7)) {
                    case 0, 1, 2 -> {
                        int colon = line.indexOf(": ");
                        String value = VALUES[random.nextInt(VALUES.length)];
                        if (colon >= 0) {
                            lines.set(at, line.substring(0, colon + 2) + value);
                            what.append(", line ").append(at + 1).append(" value := ").append(value);
                        } else {
                            lines.set(at, line + " " + value);
                            what.append(", line ").append(at + 1).append(" += ").append(value);
                        }
                    }
                    case 3 -> {
                        lines.remove(at);
                        what.append(", line ").append(at + 1).append(" removed");
                    }
                    case 4 -> {
                        lines.add(at, line);
                        what.append(", line ").append(at + 1).append(" duplicated");
                    }
                    case 5 -> {
                        int indent = random.nextBoolean() ? 2 : -2;
                        lines.set(at, indent > 0 ? "  " + line : line.replaceFirst("^  ", ""));
                        what.append(", line ").append(at + 1).append(" indented ").append(indent);
                    }
                    default -> {
                        String insert = LINES[random.nextInt(LINES.length)];
                        lines.add(at, insert);
                        what.append(", inserted at line ").append(at + 1).append(": ").append(insert.replace("\n", "\\n"));
                    }
                }
            }
            return new Fuzz.Input(Fuzz.Kind.MUTATED, what.toString(), String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        };
    }

    private static final String[] SECTIONS = {"model", "loss", "optimizer", "regularization", "schedule", "training",
        "early_stopping", "seed", "data", "name"};

    private static final String[] KEYS = {"hidden", "activation", "negative_slope", "init", "bias", "name", "lr", "momentum",
        "nesterov", "beta1", "beta2", "eps", "kind", "lambda", "include_biases", "decay", "every", "unit", "batch_size",
        "drop_last", "shuffle", "epochs", "validations_per_epoch", "iterations", "iterations_per_epoch", "metric",
        "direction", "patience", "min_delta", "dataset", "train", "validation", "test", "classes", "preprocessing",
        "dtype", "first", "range", "split", "low", "high", "std"};

    /** A file over the schema's own keys with values drawn from {@link #VALUES}: deep into validation. */
    static Fuzz.Input generated(SplittableRandom random) {
        StringBuilder y = new StringBuilder("name: gen\n");
        y.append("data: {dataset: mnist-sample}\n");
        y.append("defaults:\n  optimizer: {lr: 0.1}\n");
        for (int i = 0; i < 1 + random.nextInt(4); i++) {
            String section = SECTIONS[random.nextInt(SECTIONS.length)];
            y.append("  ").append(section).append(": {").append(KEYS[random.nextInt(KEYS.length)]).append(": ")
                    .append(flow(VALUES[random.nextInt(VALUES.length)])).append("}\n");
        }
        y.append("runs:\n");
        for (int r = 0; r < random.nextInt(3); r++) {
            y.append("  - name: r").append(r).append('\n');
            String section = SECTIONS[random.nextInt(SECTIONS.length)];
            y.append("    ").append(section).append(": {").append(KEYS[random.nextInt(KEYS.length)]).append(": ")
                    .append(flow(VALUES[random.nextInt(VALUES.length)])).append("}\n");
        }
        if (random.nextBoolean()) {
            y.append("searches:\n  - name: s\n    ");
            y.append(random.nextBoolean()
                    ? "grid: {optimizer.lr: " + flow(VALUES[random.nextInt(VALUES.length)]) + "}\n"
                    : "random: {trials: " + flow(VALUES[random.nextInt(VALUES.length)]) + ", space: {optimizer.lr: {uniform: "
                            + flow(VALUES[random.nextInt(VALUES.length)]) + "}}}\n");
        }
        return new Fuzz.Input(Fuzz.Kind.GENERATED, y.toString().replace("\n", "\\n"), y.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A value as it can appear inside a flow mapping. */
    private static String flow(String value) {
        return value.contains("\n") ? "[a, b]" : value.startsWith("&") || value.startsWith("*") ? "'" + value + "'" : value;
    }

    private static void parseBothVariants(String source, String text) {
        for (boolean fast : new boolean[] {false, true}) {
            try {
                Experiment e = Experiment.parse(LocatedTree.parse(source, text), fast);
                Set<String> names = new HashSet<>();
                for (RunConfig r : e.runs) {
                    Fuzz.check(names.add(r.name()), "run name " + r.name() + " twice");
                    Fuzz.check(r.training().batchSize() > 0, "batch size " + r.training().batchSize());
                }
                Fuzz.check(!e.runs.isEmpty() || !e.steps.isEmpty(), "nothing to run");
                Fuzz.check(e.runs.size() <= Experiment.MAX_RUNS, e.runs.size() + " runs");
            } catch (CliException ex) {
                if (fast) {
                    // The fast variant may refuse what the full one accepts ("no 'fast' variant"), never the reverse.
                    Fuzz.check(ex.getMessage().contains(source), "message does not name " + source + ": " + ex.getMessage());
                    continue;
                }
                throw ex;
            }
        }
    }

    @Test
    void experimentFilesAreRefusedOrParseIntoRuns() {
        List<String> seeds = seeds();
        List<byte[]> seedBytes = new ArrayList<>();
        seeds.forEach(s -> seedBytes.add(s.getBytes(StandardCharsets.UTF_8)));
        Mutator bytes = new Mutator(seedBytes, 200, new int[0], true);
        Fuzz.Generator inputs = Fuzz.mix(new int[] {1, 2, 4, 3}, Mutator.randomBytes(300), bytes.generator(),
                textMutations(seeds), ExperimentYamlFuzzTest::generated);
        CliContext context = new CliContext(System.out, System.err, Map.of(), dir, false);
        Fuzz.of("experiment-yaml", 1000).scratch(dir).refusals(CliException.class)
                .run(inputs, (input, source) -> {
                    Path file = Files.write(Path.of(source + ".yaml"), input.bytes());
                    String text = ExperimentCommands.read(context, file);
                    parseBothVariants(file.toString(), text);
                });
    }

    /** Files found by fuzzing that once failed with an exception other than a CliException naming the file. */
    @Test
    void regressions() {
        String base = "name: demo\ndata: {dataset: mnist-sample}\ndefaults: {optimizer: {lr: 0.1}}\n";
        Map<String, String> cases = Map.of(
                base + "runs: {a: 1}\n", "demo.yaml:4: 'runs' must be a list",
                base + "searches: {a: 1}\n", "demo.yaml:4: 'searches' must be a list",
                base + "steps: {type: parameter_count}\n", "demo.yaml:4: 'steps' must be a list",
                base + "runs: [7]\n", "demo.yaml:4: a run is a mapping such as {name: ...}, got 7",
                base.replace("{lr: 0.1}", "{lr: 0.1}, schedule: {decay: 0.5, every: 1e12}"),
                "demo.yaml:3: 'every' is 1000000000000 epochs",
                base + "searches: [{name: s, random: {trials: 2000000000, space: {optimizer.lr: {uniform: [0, 1]}}}}]\n",
                "demo.yaml:4: 'trials' must be 0..10000",
                base + "searches: [{name: g, grid: {optimizer.lr: [1,2,3,4,5,6,7,8,9,10], optimizer.momentum: "
                        + "[1,2,3,4,5,6,7,8,9,10], seed: [1,2,3,4,5,6,7,8,9,10], training.epochs: [1,2,3,4,5,6,7,8,9,10],"
                        + " training.batch_size: [1,2,3,4,5,6,7,8,9,10]}}]\n",
                "the grid has more than 10000 combinations",
                base.replace("{lr: 0.1}", "{lr: 0.1}, training: {batch_size: 4294967328}"),
                "demo.yaml:3: 'batch_size' is 4294967328, more than the 2147483647",
                base + "searches: [{name: r, random: {trials: 3, space: {optimizer.lr: 5}}}]\n",
                "a search dimension is {uniform: [a, b]}");
        cases.forEach((yaml, expected) -> {
            CliException e = assertInstanceOf(CliException.class, Fuzz.measure(
                    () -> Experiment.parse(LocatedTree.parse("demo.yaml", yaml), false)).thrown(), yaml);
            assertEquals(ExitCodes.USAGE, e.exitCode());
            assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
        });
    }

    /** Huge, binary and directory "experiment files" are refused with the file named, without reading a huge one. */
    @Test
    void hugeAndBinaryFilesAreRefused() throws IOException {
        CliContext context = new CliContext(System.out, System.err, Map.of(), dir, false);
        Path huge = dir.resolve("huge.yaml");
        try (var channel = java.nio.channels.FileChannel.open(huge, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            channel.position((1L << 31) - 1).write(java.nio.ByteBuffer.wrap(new byte[1]));
        }
        Path binary = Files.write(dir.resolve("binary.yaml"), new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28});
        Map<Path, String> cases = Map.of(huge, "is 2147483648 bytes, more than the 1048576", binary, "is not UTF-8 text",
                dir, "is a directory");
        cases.forEach((file, expected) -> {
            Fuzz.measure(() -> ExperimentCommands.read(context, file));
            Fuzz.Measured m = Fuzz.measure(() -> ExperimentCommands.read(context, file));
            CliException e = assertInstanceOf(CliException.class, m.thrown());
            assertEquals(ExitCodes.DATA, e.exitCode());
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains(expected), e.getMessage());
            assertTrue(m.allocatedBytes() < 10L << 20, m.allocatedBytes() + " bytes allocated for " + e.getMessage());
        });
    }
}
