package dev.backprop.cli;

import dev.backprop.model.Model;
import dev.backprop.model.ModelFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads a model file named on the command line, with errors that say what to do. */
final class ModelArgument {

    private ModelArgument() {
    }

    static Model load(CliContext context, Path path) throws IOException {
        Path file = context.resolve(path);
        if (Files.isDirectory(file) && Files.isRegularFile(file.resolve("model.safetensors"))) {
            file = file.resolve("model.safetensors");   // a run directory names its model
        }
        if (!Files.isRegularFile(file)) {
            throw new CliException(ExitCodes.DATA, "model file " + path + " does not exist",
                    "train one with 'backprop train --output DIR' and pass DIR/model.safetensors");
        }
        return ModelFile.read(file);
    }
}
