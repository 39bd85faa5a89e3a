package dev.backprop.io;

import static dev.backprop.io.NpyTestSupport.fixtureBytes;
import static dev.backprop.io.SafeTensorsTestSupport.MAX_TEST_BYTES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Randomly damaged files (fixed seeds, so failures reproduce) either fail with a
 * {@link SafeTensorsFormatException} or read back something consistent; never any other exception,
 * and never an OutOfMemoryError. The file and stream readers always agree.
 */
class SafeTensorsMutationTest {

    private static final int ITERATIONS = 2000;

    @TempDir
    Path dir;

    /** What a read ended in: the file read, or null if both readers refused the bytes. */
    private SafeTensorsFile readBothWays(byte[] bytes, String what) throws IOException {
        Path file = dir.resolve("mutant.safetensors");
        Files.write(file, bytes);
        SafeTensorsFile fromFile = null;
        SafeTensorsFile fromStream = null;
        SafeTensorsFormatException fileError = null;
        SafeTensorsFormatException streamError = null;
        try {
            fromFile = SafeTensors.read(file);
        } catch (SafeTensorsFormatException e) {
            fileError = e;
        }
        try {
            fromStream = SafeTensors.read(new ByteArrayInputStream(bytes), "stream", MAX_TEST_BYTES);
        } catch (SafeTensorsFormatException e) {
            streamError = e;
        }
        if ((fileError == null) != (streamError == null)) {
            fail(what + ": the readers disagree: file " + (fileError == null ? "accepted" : fileError.getMessage())
                    + ", stream " + (streamError == null ? "accepted" : streamError.getMessage()));
        }
        if (fromFile != null) {
            assertEquals(fromFile.tensors(), fromStream.tensors(), what);
            assertEquals(fromFile.metadata(), fromStream.metadata(), what);
            assertEquals(fromFile.checksumVerified(), fromStream.checksumVerified(), what);
        }
        return fromFile;
    }

    /**
     * A single damage of a checksummed file, be it a changed byte, a flipped bit or a truncation,
     * is always refused, with one exception the format cannot close: damage to the checksum's own
     * key ("backprop.crc32c" becoming, say, "backprop.crc32s") leaves a file that looks like one
     * from another tool, without a checksum. Then the tensors are still intact (the damage is
     * elsewhere), the metadata has that one renamed entry, and
     * {@link SafeTensorsFile#requireChecksum()} refuses the file. The test counts how often each
     * happens and asserts both occur.
     */
    @Test
    void singleDamageToACheckedFileIsRefusedOrLeavesTheTensorsIntact() throws IOException {
        Map<String, NpyArray> tensors = new LinkedHashMap<>();
        tensors.put("w", NpyArray.ofFloat32(new float[] {0.5f, -1, 2, 1e-3f, 0, 3}, 2, 3));
        tensors.put("ids", NpyArray.ofInt64(new long[] {7, -7}, 2));
        tensors.put("pixels", NpyArray.ofUint8(new byte[] {0, 1, 2, (byte) 200, (byte) 255}, 5));
        tensors.put("lr", NpyArray.ofFloat64(new double[] {0.01}));
        tensors.put("n", NpyArray.ofInt32(new int[] {3, 1, 4}, 3));
        Map<String, String> metadata = Map.of("epoch", "12");
        Path original = dir.resolve("original.safetensors");
        SafeTensors.write(original, metadata, tensors);
        byte[] valid = Files.readAllBytes(original);

        SplittableRandom random = new SplittableRandom(0x5afe7e45L);
        int refused = 0;
        int acceptedWithoutChecksum = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] mutant;
            String what;
            switch (random.nextInt(3)) {
                case 0: {
                    int at = random.nextInt(valid.length);
                    int xor = 1 + random.nextInt(255);
                    mutant = valid.clone();
                    mutant[at] ^= (byte) xor;
                    what = "iteration " + i + ": byte " + at + " xor " + xor;
                    break;
                }
                case 1: {
                    int at = random.nextInt(valid.length);
                    int bit = random.nextInt(8);
                    mutant = valid.clone();
                    mutant[at] ^= (byte) (1 << bit);
                    what = "iteration " + i + ": byte " + at + " bit " + bit;
                    break;
                }
                default: {
                    int length = random.nextInt(valid.length);
                    mutant = Arrays.copyOf(valid, length);
                    what = "iteration " + i + ": cut to " + length + " bytes";
                }
            }
            SafeTensorsFile read = readBothWays(mutant, what);
            if (read == null) {
                refused++;
                continue;
            }
            assertTrue(!read.checksumVerified(), what + ": a verified read of damaged bytes");
            SafeTensorsFile unchecked = read;
            SafeTensorsFormatException e = assertThrows(SafeTensorsFormatException.class, unchecked::requireChecksum, what);
            assertTrue(e.getMessage().contains("no backprop.crc32c checksum"), e.getMessage());
            assertEquals(tensors, read.tensors(), what);
            Map<String, String> extra = new HashMap<>(read.metadata());
            extra.keySet().removeAll(metadata.keySet());
            assertEquals(metadata.size() + 1, read.metadata().size(), what);
            assertEquals(1, extra.size(), what);
            assertTrue(extra.values().iterator().next().matches("[0-9a-f]{8}"), what);
            acceptedWithoutChecksum++;
        }

        System.out.println("single damage of a checked file: " + refused + " refused, " + acceptedWithoutChecksum
                + " accepted as unchecked (checksum key damaged)");
        assertTrue(refused > 0);
        assertTrue(acceptedWithoutChecksum > 0);
        assertEquals(ITERATIONS, refused + acceptedWithoutChecksum);
    }

    /**
     * Without a checksum, damaged data cannot be told from real data, so here the property is only
     * that reading never fails in an undocumented way: one to three changed bytes or a truncation
     * of a file from another tool give either the documented exception or a consistent result.
     */
    @Test
    void damageToAnUncheckedFileGivesTheDocumentedExceptionOrAConsistentResult() throws IOException {
        byte[] valid = fixtureBytes("st_other_tool.safetensors");
        SplittableRandom random = new SplittableRandom(0x0dd5L);
        int refused = 0;
        int accepted = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] mutant;
            String what = "iteration " + i;
            if (random.nextInt(4) == 0) {
                mutant = Arrays.copyOf(valid, random.nextInt(valid.length));
                what += ": cut to " + mutant.length + " bytes";
            } else {
                mutant = valid.clone();
                for (int k = 1 + random.nextInt(3); k > 0; k--) {
                    int at = random.nextInt(valid.length);
                    mutant[at] = (byte) random.nextInt(256);
                    what += ", byte " + at + " := " + (mutant[at] & 0xFF);
                }
            }
            SafeTensorsFile read = readBothWays(mutant, what);
            if (read == null) {
                refused++;
                continue;
            }
            accepted++;
            long total = 0;
            for (NpyArray t : read.tensors().values()) {
                long product = 1;
                for (int d : t.shape()) {
                    product *= d;
                }
                assertEquals(product, t.size(), what);
                total += t.size() * t.dtype().itemSize();
            }
            assertTrue(total <= mutant.length, what + ": more tensor bytes than file bytes");
        }

        System.out.println("damage of an unchecked file: " + refused + " refused, " + accepted + " accepted");
        assertTrue(refused > 0);
        assertTrue(accepted > 0);
    }
}
