package dev.backprop.cli.experiment;

import dev.backprop.cli.CliException;
import dev.backprop.cli.ExitCodes;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Experiment files: layering, searches, and errors that name the file, line and nearest valid name. */
class ExperimentFileTest {

    private static final String BASE = String.join("\n",
            "name: demo",
            "data:",
            "  dataset: mnist-sample",
            "  train: {first: 500}",
            "defaults:",
            "  model: {hidden: [16], activation: relu, init: he_normal}",
            "  optimizer: {name: sgd, lr: 0.1, momentum: 0.9}",
            "  training: {batch_size: 50, epochs: 2}",
            "  seed: 3",
            "");

    private static Experiment parse(String yaml) {
        return Experiment.parse(LocatedTree.parse("demo.yaml", yaml), false);
    }

    private static CliException error(String yaml) {
        CliException e = assertThrows(CliException.class, () -> parse(yaml));
        assertEquals(ExitCodes.USAGE, e.exitCode());
        return e;
    }

    @Test
    void runsOverrideDefaultsAndSearchesExpand() {
        Experiment e = parse(BASE + String.join("\n",
                "runs:",
                "  - name: plain",
                "  - name: tanh",
                "    model: {activation: tanh}",
                "    optimizer: {lr: 0.05}",
                "searches:",
                "  - name: grid",
                "    grid:",
                "      optimizer.lr: [0.01, 0.1]",
                "      model.hidden: [[8], [32]]",
                "  - name: random",
                "    random: {trials: 3, seed: 9, space: {optimizer.lr: {log_uniform: [0.001, 0.1]}}}",
                ""));
        assertEquals(2 + 4 + 3, e.runs.size());
        RunConfig tanh = e.runs.get(1);
        assertEquals("tanh", tanh.activation().name());
        assertEquals(0.05, tanh.settings().get("lr"));
        assertEquals(0.9, tanh.settings().get("momentum"), "inherited from the defaults");
        assertEquals("he_normal", tanh.init().name());
        RunConfig grid4 = e.runs.get(5);
        assertEquals("grid-004", grid4.name());
        assertEquals(java.util.List.of(32), grid4.hidden());
        assertEquals(0.1, grid4.settings().get("lr"));
        double lr = (double) e.runs.get(6).settings().get("lr");
        assertTrue(lr >= 0.001 && lr <= 0.1, "log-uniform draw " + lr);
        assertEquals(lr, (double) parse(BASE + "searches:\n  - name: random\n    random: {trials: 3, seed: 9, space:"
                + " {optimizer.lr: {log_uniform: [0.001, 0.1]}}}\n").runs.get(0).settings().get("lr"), 0.0,
                "random searches are seeded");
    }

    @Test
    void aFileWithoutRunsDescribesOneRun() {
        Experiment e = parse(BASE);
        assertEquals(1, e.runs.size());
        assertEquals("demo", e.runs.get(0).name());
    }

    @Test
    void fastVariantOverridesEvenRunSettings() {
        String yaml = BASE + "fast:\n  defaults: {training: {epochs: 1}}\n  data: {train: {first: 100}}\n"
                + "runs:\n  - name: long\n    training: {epochs: 50}\n";
        Experiment fast = Experiment.parse(LocatedTree.parse("demo.yaml", yaml), true);
        assertEquals(1, fast.runs.get(0).training().maxEpochs());
        assertEquals(100, fast.data.trainFirst());
        assertEquals("demo-fast", fast.outputName());
        assertEquals(50, parse(yaml).runs.get(0).training().maxEpochs());
    }

    @Test
    void unknownKeysNameFileLineAndNearestKey() {
        CliException e = error(BASE.replace("momentum: 0.9", "momentun: 0.9"));
        assertTrue(e.getMessage().startsWith("demo.yaml:7: "), e.getMessage());
        assertTrue(e.getMessage().contains("unknown key in 'optimizer' 'momentun'; did you mean 'momentum'?"), e.getMessage());

        e = error(BASE + "runs:\n  - name: x\n    trainig: {epochs: 3}\n");
        assertTrue(e.getMessage().startsWith("demo.yaml:12: ") && e.getMessage().contains("did you mean 'training'?"),
                e.getMessage());

        e = error(BASE.replace("name: demo", "name: demo\nrnus: []"));
        assertTrue(e.getMessage().startsWith("demo.yaml:2: ") && e.getMessage().contains("did you mean 'runs'?"),
                e.getMessage());
    }

    @Test
    void badValuesNameFileLineAndValidChoices() {
        CliException e = error(BASE.replace("activation: relu", "activation: rleu"));
        assertTrue(e.getMessage().startsWith("demo.yaml:6: ") && e.getMessage().contains("did you mean 'relu'?"),
                e.getMessage());
        e = error(BASE.replace("lr: 0.1", "lr: fast"));
        assertTrue(e.getMessage().startsWith("demo.yaml:7: ") && e.getMessage().contains("'lr' must be a number"),
                e.getMessage());
        e = error(BASE.replace("lr: 0.1", "lr: -0.1"));
        assertTrue(e.getMessage().contains("demo.yaml:7") && e.getMessage().contains("learning rate"), e.getMessage());
        e = error(BASE.replace("hidden: [16]", "hidden: [16, -2]"));
        assertTrue(e.getMessage().contains("demo.yaml:6") && e.getMessage().contains("positive"), e.getMessage());
        e = error(BASE.replace("dataset: mnist-sample", "dataset: mnst"));
        assertTrue(e.getMessage().contains("demo.yaml:3") && e.getMessage().contains("did you mean 'mnist'?"), e.getMessage());
        e = error(BASE + "runs:\n  - name: a\n  - name: a\n");
        assertTrue(e.getMessage().contains("used twice"), e.getMessage());
        e = error(BASE + "searches:\n  - name: s\n    grid: {optimizer.learning_rate: [0.1]}\n");
        assertTrue(e.getMessage().contains("unknown search parameter 'optimizer.learning_rate'"), e.getMessage());
        e = error(BASE.replace("  optimizer: {name: sgd, lr: 0.1, momentum: 0.9}\n", ""));
        assertTrue(e.getMessage().contains("optimizer.lr is not set"), e.getMessage());
        e = error("name: x\ndata: [\n");
        assertTrue(e.getMessage().startsWith("demo.yaml:") && e.getMessage().contains("not valid YAML"), e.getMessage());
        e = error(BASE + "tables:\n  - {title: t, runs: [nope]}\nruns:\n  - name: yes\n");
        assertTrue(e.getMessage().contains("unknown run 'nope'"), e.getMessage());
    }

    @Test
    void bundledExperimentsParseInBothVariants() {
        for (String name : ExperimentCommands.BUNDLED) {
            String yaml = ExperimentCommands.bundled(name);
            Experiment full = Experiment.parse(LocatedTree.parse(name + ".yaml", yaml), false);
            Experiment fast = Experiment.parse(LocatedTree.parse(name + ".yaml", yaml), true);
            assertEquals(name, full.name);
            assertTrue(full.runs.size() >= fast.runs.size() && !fast.runs.isEmpty(), name);
        }
    }
}
