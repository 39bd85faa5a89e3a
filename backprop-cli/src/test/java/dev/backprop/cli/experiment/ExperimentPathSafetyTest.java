package dev.backprop.cli.experiment;

import dev.backprop.cli.CliException;
import dev.backprop.cli.ExitCodes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Names in an experiment file become directory and file names under the results folder, so a name
 * that could lead outside it (a separator, a parent reference, an absolute path, a drive letter) is
 * refused when the file is read, before anything is written.
 */
class ExperimentPathSafetyTest {

    private static final String HEAD = String.join("\n",
            "data:",
            "  dataset: mnist-sample",
            "defaults:",
            "  model: {hidden: [8]}",
            "  training: {batch_size: 50, epochs: 1}",
            "");

    @ParameterizedTest
    @ValueSource(strings = {"../evil", "..", "a/../../b", "/etc/passwd", "a\\\\b", "C:evil", ".hidden", "a/b", "~root"})
    void runNamesCannotLeaveTheResultsFolder(String name) {
        String yaml = "name: demo\n" + HEAD + "runs:\n  - name: \"" + name + "\"\n";
        CliException e = assertThrows(CliException.class,
                () -> Experiment.parse(LocatedTree.parse("demo.yaml", yaml), false));
        assertEquals(ExitCodes.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("demo.yaml"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil", "/tmp/x", "a/b"})
    void experimentNamesCannotLeaveTheRunsFolder(String name) {
        String yaml = "name: \"" + name + "\"\n" + HEAD + "runs:\n  - name: ok\n";
        CliException e = assertThrows(CliException.class,
                () -> Experiment.parse(LocatedTree.parse("demo.yaml", yaml), false));
        assertEquals(ExitCodes.USAGE, e.exitCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../evil step", "/abs/step", "a/b\\c", ".."})
    void stepFileNamesAreSlugsWithoutSeparators(String name) {
        String slug = ExperimentRunner.slug(name);
        assertTrue(slug.matches("[a-z0-9-]*"), slug);
        assertTrue(!slug.contains("..") && !slug.contains("/"), slug);
    }
}
