package dev.backprop.cli.experiment;

import dev.backprop.cli.CliContext;
import dev.backprop.cli.CliException;
import dev.backprop.cli.ExitCodes;
import dev.backprop.cli.OutputDirectory;
import dev.backprop.data.DataSources;
import dev.backprop.io.AtomicFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** What the {@code run}, {@code reproduce} and {@code train --config} commands share. */
public final class ExperimentCommands {

    /** The experiments bundled in the jar, by name. */
    public static final List<String> BUNDLED = List.of("tdt4265-a1", "tdt4265-a2", "hlcv-a2");

    private ExperimentCommands() {
    }

    /** The largest experiment file read: the bundled ones are a few kilobytes; a bigger file is not a configuration. */
    public static final long MAX_FILE_BYTES = 1 << 20;

    /**
     * Reads an experiment file from disk: UTF-8 text of at most {@link #MAX_FILE_BYTES}.
     *
     * @throws CliException naming the file if it is missing (usage), a directory, too large, not
     *     UTF-8 or unreadable (data)
     */
    public static String read(CliContext context, Path file) {
        Path resolved = context.resolve(file);
        try {
            if (Files.isDirectory(resolved)) {
                throw new CliException(ExitCodes.DATA, "experiment file " + file + " is a directory",
                        "name a .yaml file, e.g. one written from 'backprop reproduce --show NAME'");
            }
            long size = Files.size(resolved);
            if (size > MAX_FILE_BYTES) {
                throw new CliException(ExitCodes.DATA, "experiment file " + file + " is " + size + " bytes, more than the "
                        + MAX_FILE_BYTES + " an experiment file may have", "is this the right file?");
            }
            byte[] bytes = Files.readAllBytes(resolved);
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCodes.USAGE, "experiment file " + file + " does not exist",
                    "list the bundled ones with 'backprop reproduce --list'");
        } catch (CharacterCodingException e) {
            throw new CliException(ExitCodes.DATA, "experiment file " + file + " is not UTF-8 text",
                    "save it as UTF-8 (a YAML file is text)");
        } catch (IOException e) {
            throw new CliException(ExitCodes.DATA, "cannot read " + file + ": " + e.getMessage(), null);
        }
    }

    /** The text of a bundled experiment. */
    public static String bundled(String name) {
        String resolved = dev.backprop.nn.Names.lookup("bundled experiment", name, BUNDLED.toArray(new String[0]), s -> s);
        try (InputStream in = ExperimentCommands.class.getResourceAsStream("/dev/backprop/experiments/" + resolved + ".yaml")) {
            if (in == null) {
                throw new CliException(ExitCodes.UNEXPECTED, "bundled experiment " + resolved + " is missing from the jar",
                        "rebuild Backprop");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException(ExitCodes.UNEXPECTED, "cannot read bundled experiment " + resolved, null);
        }
    }

    /** The first line of a bundled experiment's title, for listings. */
    public static String title(String name) {
        return LocatedTree.parse(name + ".yaml", bundled(name)).root().path("title").asText(name);
    }

    /**
     * What an experiment will write, estimated before any data is loaded (from the datasets' nominal
     * sizes): every run's checkpoint, model and history, and a megabyte per run for the report's
     * figures.
     */
    static long estimatedBytes(Experiment e) {
        long total = 0;
        for (RunConfig rc : e.runs) {
            DataConfig d = e.dataOf(rc.name());
            int features = OutputDirectory.featuresOf(d.dataset()) + (d.recipe().biasColumn() ? 1 : 0);
            int classes = d.classes() != null && d.classes().length > 0 ? d.classes().length
                    : dev.backprop.data.KnownDatasets.get(d.dataset()).classNames().size();
            int images = OutputDirectory.trainingImagesOf(d.dataset());
            if (d.trainFirst() != null && d.trainFirst() > 0) {
                images = Math.min(images, d.trainFirst());
            }
            if (d.trainRange() != null && d.trainRange().length == 2) {
                images = Math.max(1, Math.min(images, d.trainRange()[1] - d.trainRange()[0]));
            }
            total += OutputDirectory.bytesForRun(rc.spec(features, classes), d.recipe().dtype(), rc.optimizer().get(),
                    rc.training(), images) + 1024 * 1024;
        }
        return total;
    }

    /**
     * Parses and runs an experiment.
     *
     * @param output where results go; null for {@code runs/<experiment>}
     */
    public static ExperimentRunner.Outcome run(CliContext context, String source, String yaml, boolean fast, Path output,
                                               int threads, boolean force, Path dataDir) throws Exception {
        Experiment e = Experiment.parse(LocatedTree.parse(source, yaml), fast);
        Path dir = output != null ? context.resolve(output) : context.resolve(Path.of("runs", e.outputName()));
        dev.backprop.cli.OutputDirectory.requireWritable(dir);
        dev.backprop.cli.OutputDirectory.requireSpace(dir, estimatedBytes(e),
                "the " + e.runs.size() + " run(s)' checkpoints, models, histories and the report");
        DataSources sources = DataSources.fromEnvironment(context.environment())
                .dataDir(dataDir == null ? null : context.resolve(dataDir))
                .log(m -> context.err().println(m)).build();
        AtomicFiles.writeString(dir.resolve("experiment.yaml"), yaml);
        return new ExperimentRunner(context, e, dir, threads, force, sources).run();
    }
}
