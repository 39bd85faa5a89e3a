package dev.backprop.model;

import dev.backprop.io.SafeTensors;
import dev.backprop.io.SafeTensorsFile;
import dev.backprop.tensor.Matrix;
import dev.backprop.train.Checkpoint;
import dev.backprop.train.Validation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A checkpoint on disk is either complete and verified or refused: truncated at every length, any
 * single byte changed, and the temporary files of killed writes are never read (and are removed).
 */
class CheckpointFileTest {

    @TempDir
    Path dir;

    private static Checkpoint sample() {
        Map<String, Matrix> params = new LinkedHashMap<>();
        params.put("W0", Matrix.wrap(new float[] {0.5f, -1.25f, 3f, 1e-7f, -0f, 7f}, 2, 3));
        params.put("b0", Matrix.wrap(new float[] {0.1f, 0.2f, 0.3f}, 1, 3));
        Map<String, Matrix> best = new LinkedHashMap<>();
        best.put("W0", Matrix.wrap(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        best.put("b0", Matrix.wrap(new float[] {-1, -2, -3}, 1, 3));
        Map<String, Matrix> optim = new LinkedHashMap<>();
        optim.put("W0/velocity", Matrix.wrap(new float[] {0.01f, 0.02f, 0.03f, 0.04f, 0.05f, 0.06f}, 2, 3));
        optim.put("b0/velocity", Matrix.wrap(new float[] {9, 8, 7}, 1, 3));
        List<Validation> validations = List.of(new Validation(4, 0.5, 1.5, 2.25, 0.125, Double.NaN, Double.NaN),
                new Validation(8, 1.0, 3.0, 1.0 / 3, 0.5, 0.7, 0.6));
        return new Checkpoint("run|fingerprint", 8, 1, 0, 3.0, new double[] {2.5, 2.4, 2.3, Math.PI, 2.1, 2.0, 1.9, 1.8},
                validations, 1, 0, params, best, optim, 8);
    }

    private static void assertSame(Checkpoint expected, Checkpoint actual) {
        assertEquals(expected.fingerprint(), actual.fingerprint());
        assertEquals(expected.step(), actual.step());
        assertEquals(expected.epoch(), actual.epoch());
        assertEquals(expected.batchInEpoch(), actual.batchInEpoch());
        assertArrayEquals(expected.stepLosses(), actual.stepLosses(), 0.0);
        assertEquals(expected.validations(), actual.validations());
        assertEquals(expected.bestIndex(), actual.bestIndex());
        assertEquals(expected.optimizerSteps(), actual.optimizerSteps());
        for (var pair : List.of(List.of(expected.parameters(), actual.parameters()),
                List.of(expected.bestParameters(), actual.bestParameters()),
                List.of(expected.optimizerState(), actual.optimizerState()))) {
            assertEquals(pair.get(0).keySet(), pair.get(1).keySet());
            pair.get(0).forEach((name, m) -> assertArrayEquals(m.toDoubleArray(), pair.get(1).get(name).toDoubleArray(),
                    0.0, name));
        }
    }

    private Path saved() throws IOException {
        Path file = dir.resolve("checkpoint.safetensors");
        new CheckpointFile(file).save(sample());
        return file;
    }

    private static void assertRefused(Path file, String what) {
        IOException e = assertThrows(IOException.class, () -> new CheckpointFile(file).load(), what);
        assertTrue(e.getMessage().contains(file.toString()), what + ": the message names the file: " + e.getMessage());
    }

    @Test
    void roundTripsEveryField() throws IOException {
        Path file = saved();
        assertSame(sample(), new CheckpointFile(file).load().orElseThrow());
        assertEquals(Optional.empty(), new CheckpointFile(dir.resolve("none.safetensors")).load());
    }

    @Test
    void aTruncatedCheckpointIsRefusedAtEveryLength() throws IOException {
        Path file = saved();
        byte[] whole = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.safetensors");
        for (int length = 0; length < whole.length; length++) {
            Files.write(cut, Arrays.copyOf(whole, length));
            assertRefused(cut, "cut to " + length + " of " + whole.length + " bytes");
        }
    }

    @Test
    void aCheckpointWithAnyByteChangedIsRefused() throws IOException {
        Path file = saved();
        byte[] whole = Files.readAllBytes(file);
        Path flipped = dir.resolve("flipped.safetensors");
        for (int i = 0; i < whole.length; i++) {
            byte[] bad = whole.clone();
            bad[i] ^= 0x10;
            Files.write(flipped, bad);
            assertRefused(flipped, "byte " + i + " of " + whole.length + " changed");
        }
    }

    @Test
    void leftoverTemporaryFilesOfKilledWritesAreIgnoredAndRemoved() throws IOException {
        Path file = saved();
        byte[] whole = Files.readAllBytes(file);
        // What a write killed before its rename leaves: the first part of a newer checkpoint.
        Path partial = dir.resolve(".checkpoint.safetensors.k3x9q2m1.tmp");
        Files.write(partial, Arrays.copyOf(whole, whole.length / 2));
        Path empty = dir.resolve(".checkpoint.safetensors.0.tmp");
        Files.write(empty, new byte[0]);
        Path unrelated = dir.resolve(".model.safetensors.abc.tmp");
        Path notOurs = dir.resolve(".checkpoint.safetensors.notes.txt");
        Files.writeString(unrelated, "x");
        Files.writeString(notOurs, "x");

        assertSame(sample(), new CheckpointFile(file).load().orElseThrow());
        assertFalse(Files.exists(partial), "the half-written temporary file is removed");
        assertFalse(Files.exists(empty));
        assertTrue(Files.exists(unrelated) && Files.exists(notOurs), "other files are left alone");

        // Killed during the very first write: there is no checkpoint, only its temporary file.
        Files.delete(file);
        Files.write(partial, whole);   // even a complete-looking temporary file is not a checkpoint
        assertEquals(Optional.empty(), new CheckpointFile(file).load());
        assertFalse(Files.exists(partial));
    }

    @Test
    void aChecksummedCheckpointWithInconsistentContentIsRefusedNamingTheFile() throws IOException {
        Path file = saved();
        SafeTensorsFile st = SafeTensors.read(file);
        for (String state : new String[] {"not json", "{\"fingerprint\":\"f\",\"validations\":[[1,2]]}",
            "{\"fingerprint\":\"f\",\"validations\":[[1,\"x\",3,4,5,6,7]]}"}) {
            Map<String, String> meta = new LinkedHashMap<>(st.metadata());
            meta.remove(SafeTensors.CHECKSUM_KEY);
            meta.put("backprop.checkpoint", state);
            SafeTensors.write(file, meta, st.tensors());   // a valid checksum over the edited content
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> new CheckpointFile(file).load(), state);
            assertTrue(e.getMessage().startsWith(file + ": inconsistent checkpoint"), e.getMessage());
        }
    }
}
