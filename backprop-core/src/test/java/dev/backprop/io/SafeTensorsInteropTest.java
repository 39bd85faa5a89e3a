package dev.backprop.io;

import static dev.backprop.io.NpyTestSupport.fixture;
import static dev.backprop.io.NpyTestSupport.fixtureBytes;
import static dev.backprop.io.SafeTensorsTestSupport.MAX_TEST_BYTES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written in Python are read exactly, and we write the bytes Python writes for the same
 * content. The fixtures and the writers that made them are in generate_safetensors_fixtures.py next
 * to the files: a hand-written writer using only json, struct and NumPy 2, and for
 * st_reference.safetensors the reference implementation (the safetensors 0.8.0 package).
 */
class SafeTensorsInteropTest {

    @TempDir
    Path dir;

    @Test
    void readsFileWrittenByAnotherTool() throws IOException {
        SafeTensorsFile f = SafeTensors.read(fixture("st_other_tool.safetensors"));

        // Data order, which differs from the header's (sorted) key order.
        assertEquals(List.of("mask", "counts", "\u00fcn\u00efcode/n\u00e4me.0", "weight", "empty", "scalar", "ids", "bias"),
                new ArrayList<>(f.tensors().keySet()));
        assertEquals(NpyArray.ofFloat32(new float[] {1.5f, -2.25f, 0.1f, -0.0f, 1.4e-45f, Float.POSITIVE_INFINITY}, 2, 3),
                f.tensor("weight"));
        assertEquals(NpyArray.ofFloat64(new double[] {0.1, -2.5, Math.PI}, 3), f.tensor("bias"));
        assertEquals(NpyArray.ofInt64(new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1}, 2, 2), f.tensor("ids"));
        assertEquals(NpyArray.ofInt32(new int[] {-3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 3), f.tensor("counts"));
        assertArrayEquals(new int[] {0, 1, 128, 255}, f.tensor("mask").toIntArray());
        assertEquals(NpyDType.UINT8, f.tensor("mask").dtype());
        assertEquals(NpyArray.ofFloat64(new double[] {-7.25}), f.tensor("scalar"));
        assertEquals(NpyArray.ofFloat32(new float[0], 0, 4), f.tensor("empty"));
        assertEquals(NpyArray.ofInt32(new int[] {42}, 1), f.tensor("\u00fcn\u00efcode/n\u00e4me.0"));

        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "np");
        metadata.put("quote\"tab\t", "line\nbreak \u00e9\u20ac");
        metadata.put("written by", "generate_safetensors_fixtures.py");
        assertEquals(new ArrayList<>(metadata.entrySet()), new ArrayList<>(f.metadata().entrySet()));
        assertFalse(f.checksumVerified(), "other tools write no Backprop checksum");
        SafeTensorsFormatException e = assertThrows(SafeTensorsFormatException.class, f::requireChecksum);
        assertEquals(fixture("st_other_tool.safetensors") + ": no backprop.crc32c checksum; Backprop writes one into every"
                + " file, so this file was written by another tool or its checksum entry was damaged", e.getMessage());
    }

    @Test
    void readsFileWrittenByTheReferenceImplementation() throws IOException {
        SafeTensorsFile f;
        try (InputStream in = SafeTensorsInteropTest.class.getResourceAsStream("st_reference.safetensors")) {
            f = SafeTensors.read(in, "st_reference.safetensors", MAX_TEST_BYTES);
        }

        assertEquals(NpyArray.ofFloat32(new float[] {0, 0.125f, 0.25f, 0.375f, 0.5f, 0.625f}, 2, 3), f.tensor("a.weight"));
        assertEquals(NpyArray.ofFloat64(new double[] {-1, 2}, 2), f.tensor("a.bias"));
        assertEquals(NpyArray.ofInt64(new long[] {1, 2, 3, 4}, 2, 2), f.tensor("tokens"));
        assertEquals(NpyArray.ofUint8(new byte[] {1, 0, (byte) 255}, 3), f.tensor("flags"));
        assertEquals(NpyArray.ofInt32(new int[] {5}), f.tensor("n"));
        assertEquals(Map.of("source", "safetensors.numpy.save_file"), f.metadata());
        // The reference writer orders data by dtype size, then name.
        assertEquals(List.of("tokens", "a.bias", "a.weight", "n", "flags"), new ArrayList<>(f.tensors().keySet()));
    }

    /** The content generate_safetensors_fixtures.py writes to st_backprop_layout.safetensors. */
    static Map<String, String> backpropMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("epoch", "3");
        m.put("model", "tiny mlp \u00fc");
        m.put("escapes", "\"\\\n\t\u0001");
        return m;
    }

    static Map<String, NpyArray> backpropContent() {
        Map<String, NpyArray> t = new LinkedHashMap<>();
        t.put("layers.0.weight", NpyArray.ofFloat32(new float[] {0.5f, -1.0f, 0.25f, 1e-3f, 3.4028235e38f, -0.0f}, 2, 3));
        t.put("layers.0.bias", NpyArray.ofFloat32(new float[] {0.1f, 0.2f, 0.3f}, 3));
        t.put("step", NpyArray.ofInt64(new long[] {1200}));
        t.put("labels", NpyArray.ofUint8(new byte[] {0, 9, (byte) 255, 3, 7}, 5));
        t.put("counts", NpyArray.ofInt32(new int[] {-4, -3, -2, -1, 0, 1, 2, 3}, 2, 2, 2));
        t.put("w64", NpyArray.ofFloat64(new double[] {Math.PI, -Math.E, 1e-300, 0x1p60}, 2, 2));
        t.put("empty", NpyArray.ofFloat64(new double[0], 0, 3));
        return t;
    }

    @Test
    void writesTheBytesOfTheIndependentPythonWriter() throws IOException {
        Path file = dir.resolve("ours.safetensors");

        SafeTensors.write(file, backpropMetadata(), backpropContent());

        // Equal bytes mean equal header text, padding, data and checksum: Python's CRC-32C was
        // computed by its own table-driven implementation, so this also pins the checksum's definition.
        assertArrayEquals(fixtureBytes("st_backprop_layout.safetensors"), Files.readAllBytes(file));
    }

    @Test
    void readsThePythonWrittenBackpropLayoutWithItsChecksum() throws IOException {
        SafeTensorsFile f = SafeTensors.read(fixture("st_backprop_layout.safetensors"));

        assertTrue(f.checksumVerified());
        assertSame(f, f.requireChecksum());
        assertEquals(backpropContent(), f.tensors());
        assertEquals(new ArrayList<>(backpropMetadata().entrySet()), new ArrayList<>(f.metadata().entrySet()));
    }
}
