package dev.backprop.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs {@code backprop} in-process with captured output, a chosen working directory and environment. */
final class CliRunner {

    /** What a run printed and returned. */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    private final Path workingDir;
    private final Map<String, String> environment = new HashMap<>();

    CliRunner(Path workingDir) {
        this.workingDir = workingDir;
        String data = System.getenv("BACKPROP_DATA");
        if (data != null) {
            environment.put("BACKPROP_DATA", data);
        }
        environment.put("BACKPROP_CACHE", workingDir.resolve("cache").toString());
    }

    CliRunner env(String key, String value) {
        environment.put(key, value);
        return this;
    }

    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Backprop.run(new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), environment, workingDir, false), args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
