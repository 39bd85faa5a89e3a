package dev.backprop.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Running experiment files: results, skipping finished runs, independence from the thread count. */
class ExperimentRunTest {

    private static final String YAML = String.join("\n",
            "name: small",
            "title: A small experiment",
            "data:",
            "  dataset: mnist-sample",
            "  train: {first: 600}",
            "  validation: {first: 300}",
            "defaults:",
            "  model: {hidden: [16], activation: tanh, init: fan_in_normal}",
            "  optimizer: {name: sgd, lr: 0.05, momentum: 0.9}",
            "  training: {batch_size: 30, epochs: 2, validations_per_epoch: 2}",
            "  seed: 5",
            "steps:",
            "  - {type: parameter_count, name: size}",
            "runs:",
            "  - name: base",
            "  - name: relu",
            "    model: {activation: relu, init: he_normal}",
            "searches:",
            "  - name: lr",
            "    grid: {optimizer.lr: [0.01, 0.1]}",
            "");

    /** results.csv without the wall-time column, which varies. */
    private static List<String> numbers(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        int wall = List.of(lines.get(0).split(",")).indexOf("wall_seconds");
        return lines.stream().map(l -> {
            String[] cells = l.split(",", -1);
            cells[wall] = "";
            return String.join(",", cells);
        }).collect(Collectors.toList());
    }

    @Test
    void resultsDoNotDependOnThreadsAndFinishedRunsAreSkipped(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("small.yaml"), YAML);
        CliRunner cli = new CliRunner(dir);
        CliRunner.Result one = cli.run("run", "small.yaml", "--threads", "1", "--output", "one");
        assertEquals(0, one.exitCode(), one.toString());
        CliRunner.Result two = cli.run("run", "small.yaml", "--threads", "2", "--output", "two");
        assertEquals(0, two.exitCode(), two.toString());
        assertEquals(numbers(dir.resolve("one/results.csv")), numbers(dir.resolve("two/results.csv")));

        String md = Files.readString(dir.resolve("one/results.md"));
        assertTrue(md.startsWith("# A small experiment"), md);
        assertTrue(md.contains("## Search: lr") && md.contains("Best by validation_accuracy"), md);
        assertTrue(md.contains("**12,730 parameters**"), md);
        for (String run : new String[] {"base", "relu", "lr-001", "lr-002"}) {
            assertTrue(Files.isRegularFile(dir.resolve("one").resolve(run).resolve("model.safetensors")), run);
            assertTrue(Files.isRegularFile(dir.resolve("one").resolve(run).resolve("result.json")), run);
        }

        CliRunner.Result again = cli.run("run", "small.yaml", "--output", "one");
        assertEquals(0, again.exitCode(), again.toString());
        assertEquals(4, again.out().lines().filter(l -> l.contains("already finished")).count(), again.out());

        Files.writeString(dir.resolve("small.yaml"), YAML.replace("epochs: 2", "epochs: 1"));
        CliRunner.Result changed = cli.run("run", "small.yaml", "--output", "one");
        assertEquals(0, changed.exitCode(), changed.toString());
        assertEquals(0, changed.out().lines().filter(l -> l.contains("already finished")).count(),
                "a changed configuration runs again");
    }

    @Test
    void trainReadsTheSameSchemaForOneRun(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("one.yaml"), String.join("\n",
                "data: {dataset: mnist-sample, train: {first: 400}, validation: {first: 200}}",
                "defaults:",
                "  model: {hidden: [8]}",
                "  optimizer: {name: adam, lr: 0.01}",
                "  training: {epochs: 1}",
                ""));
        CliRunner.Result r = new CliRunner(dir).run("train", "--config", "one.yaml", "--output", "out");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(Files.isRegularFile(dir.resolve("out/one/model.safetensors")), r.out());
    }

    @Test
    void reproduceListsAndShowsBundledExperiments(@TempDir Path dir) {
        CliRunner cli = new CliRunner(dir);
        CliRunner.Result list = cli.run("reproduce", "--list");
        assertEquals(0, list.exitCode());
        assertTrue(list.out().contains("tdt4265-a1") && list.out().contains("tdt4265-a2") && list.out().contains("hlcv-a2"));
        CliRunner.Result show = cli.run("reproduce", "tdt4265-a2", "--show");
        assertTrue(show.out().startsWith("# NTNU TDT4265"), show.out());
        CliRunner.Result unknown = cli.run("reproduce", "tdt4265-a3");
        assertEquals(ExitCodes.USAGE, unknown.exitCode());
        assertTrue(unknown.err().contains("did you mean"), unknown.err());
    }

    @Test
    void configurationErrorsAreOneLineWithFileAndLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), YAML.replace("momentum: 0.9", "momentum: 0.9, nesterv: true"));
        CliRunner.Result r = new CliRunner(dir).run("run", "bad.yaml");
        assertEquals(ExitCodes.USAGE, r.exitCode());
        assertTrue(r.err().startsWith("error: bad.yaml:9: ") && r.err().contains("did you mean 'nesterov'?"), r.err());
    }
}
