package dev.backprop.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backprop.io.MatrixArrays;
import dev.backprop.io.NpyArray;
import dev.backprop.io.SafeTensors;
import dev.backprop.io.SafeTensorsFile;
import dev.backprop.tensor.Matrix;
import dev.backprop.train.Checkpoint;
import dev.backprop.train.CheckpointStore;
import dev.backprop.train.Validation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link CheckpointStore} in one {@code .safetensors} file: weights ({@code param/W0}), best weights
 * ({@code best/W0}), optimiser state ({@code optim/W0/velocity}) and step losses
 * ({@code history/step_loss}) as tensors; position, validations and early-stopping state as JSON
 * metadata. Written atomically with a CRC-32C of the data, so a file cut short by a crash is never
 * read as valid: the previous checkpoint stays until the new one is complete.
 *
 * <pre>{@code
 * trainer.withCheckpoints(new CheckpointFile(runDir.resolve("checkpoint.safetensors")));
 * }</pre>
 */
public final class CheckpointFile implements CheckpointStore {

    private static final String FORMAT = "backprop-checkpoint";
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Path file;

    /** A store at {@code file}. */
    public CheckpointFile(Path file) {
        this.file = file;
    }

    /** Where the checkpoint lives. */
    public Path file() {
        return file;
    }

    @Override
    public void save(Checkpoint c) throws IOException {
        Map<String, NpyArray> tensors = new LinkedHashMap<>();
        c.parameters().forEach((name, m) -> tensors.put("param/" + name, MatrixArrays.toArray(m)));
        c.bestParameters().forEach((name, m) -> tensors.put("best/" + name, MatrixArrays.toArray(m)));
        c.optimizerState().forEach((name, m) -> tensors.put("optim/" + name, MatrixArrays.toArray(m)));
        tensors.put("history/step_loss", NpyArray.ofFloat64(c.stepLosses(), c.stepLosses().length));
        ObjectNode state = JSON.createObjectNode();
        state.put("fingerprint", c.fingerprint());
        state.put("step", c.step());
        state.put("epoch", c.epoch());
        state.put("batch_in_epoch", c.batchInEpoch());
        state.put("wall_seconds", c.wallSeconds());
        state.put("best_index", c.bestIndex());
        state.put("since_best", c.sinceBest());
        state.put("optimizer_steps", c.optimizerSteps());
        ArrayNode vals = state.putArray("validations");
        for (Validation v : c.validations()) {
            ArrayNode row = vals.addArray();
            // doubles as written by Jackson round-trip exactly; NaN is written as a string
            row.add(v.step());
            for (double d : new double[] {v.epoch(), v.wallSeconds(), v.trainLoss(), v.trainAccuracy(), v.validationLoss(),
                v.validationAccuracy()}) {
                if (Double.isFinite(d)) {
                    row.add(d);
                } else {
                    row.add(String.valueOf(d));
                }
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", FORMAT);
        metadata.put("format_version", "1");
        metadata.put("backprop.checkpoint", JSON.writeValueAsString(state));
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
            SafeTensors.write(file, metadata, tensors);
        } catch (IOException e) {
            // "No space left on device" alone does not say which file; the previous checkpoint is untouched.
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IOException(message.contains(file.toString()) ? message : file + ": " + message, e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Temporary files of writes that were killed before they completed are deleted, never read.
     *
     * @throws IOException naming the file if it is damaged (truncated, a changed byte: the CRC-32C
     *                     does not match), not a checkpoint, or inconsistent
     */
    @Override
    public Optional<Checkpoint> load() throws IOException {
        dev.backprop.io.AtomicFiles.deleteLeftovers(file);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        SafeTensorsFile st = SafeTensors.read(file).requireChecksum();
        try {
            return Optional.of(parse(st));
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            // The checksum matched, so this is a file written by another version or edited by hand.
            throw new ModelFormatException(file.toString(), "inconsistent checkpoint: " + e);
        }
    }

    private Checkpoint parse(SafeTensorsFile st) throws IOException {
        String source = file.toString();
        if (!FORMAT.equals(st.metadata().get("format"))) {
            throw new ModelFormatException(source, "not a Backprop checkpoint");
        }
        JsonNode s = JSON.readTree(st.metadata().getOrDefault("backprop.checkpoint", "{}"));
        Map<String, Matrix> params = new LinkedHashMap<>();
        Map<String, Matrix> best = new LinkedHashMap<>();
        Map<String, Matrix> optim = new LinkedHashMap<>();
        double[] losses = null;
        for (Map.Entry<String, NpyArray> e : st.tensors().entrySet()) {
            String name = e.getKey();
            if (name.equals("history/step_loss")) {
                losses = e.getValue().toDoubleArray();
            } else if (name.startsWith("param/")) {
                params.put(name.substring(6), MatrixArrays.toMatrix(e.getValue()));
            } else if (name.startsWith("best/")) {
                best.put(name.substring(5), MatrixArrays.toMatrix(e.getValue()));
            } else if (name.startsWith("optim/")) {
                optim.put(name.substring(6), MatrixArrays.toMatrix(e.getValue()));
            } else {
                throw new ModelFormatException(source, "unexpected tensor '" + name + "' in a checkpoint");
            }
        }
        if (losses == null || params.isEmpty() || !s.hasNonNull("fingerprint")) {
            throw new ModelFormatException(source, "incomplete checkpoint (weights, losses or state missing)");
        }
        List<Validation> validations = new ArrayList<>();
        for (JsonNode row : s.path("validations")) {
            validations.add(new Validation(row.get(0).asLong(), number(row.get(1)), number(row.get(2)), number(row.get(3)),
                    number(row.get(4)), number(row.get(5)), number(row.get(6))));
        }
        return new Checkpoint(s.get("fingerprint").asText(), s.path("step").asLong(), s.path("epoch").asInt(),
                s.path("batch_in_epoch").asInt(), s.path("wall_seconds").asDouble(), losses, validations,
                s.path("best_index").asInt(-1), s.path("since_best").asInt(), params, best, optim,
                s.path("optimizer_steps").asLong());
    }

    private static double number(JsonNode n) {
        return n.isTextual() ? Double.parseDouble(n.asText()) : n.asDouble();
    }
}
