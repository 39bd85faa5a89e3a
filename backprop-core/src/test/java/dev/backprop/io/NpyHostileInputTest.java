package dev.backprop.io;

import static dev.backprop.io.NpyTestSupport.assertNamesSourceAndProblem;
import static dev.backprop.io.NpyTestSupport.assertRejected;
import static dev.backprop.io.NpyTestSupport.dict;
import static dev.backprop.io.NpyTestSupport.fixtureBytes;
import static dev.backprop.io.NpyTestSupport.npy;
import static dev.backprop.io.NpyTestSupport.prefixThenZeros;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed and malicious inputs fail with an {@link NpyFormatException} that names the source and
 * the problem, quickly and without large allocations.
 */
class NpyHostileInputTest {

    @TempDir
    Path dir;

    @Test
    void wrongMagic() throws IOException {
        byte[] gif = "GIF89a and then some more bytes".getBytes(StandardCharsets.US_ASCII);

        NpyFormatException e = assertRejected(dir, gif, "not a .npy file", "expected the magic string \\x93NUMPY",
                "found 47 49 46 38 39 61 \"GIF89a\"");
        assertEquals(dir.resolve("hostile.npy").toString(), e.source());
    }

    @Test
    void zipArchiveGetsAnNpzHint() throws IOException {
        byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0};

        assertRejected(dir, zip, "not a .npy file", "zip archive such as an .npz");
    }

    @Test
    void emptyAndTinyInputs() throws IOException {
        assertRejected(dir, new byte[0], "not a .npy file", "empty file");
        assertRejected(dir, Arrays.copyOf(NpyReader.MAGIC, 3), "file ends after 3 bytes, inside the 6-byte magic string");
        assertRejected(dir, Arrays.copyOf(NpyReader.MAGIC, 7), "file ends after 7 bytes, inside the 2-byte format version");
        byte[] noLength = Arrays.copyOf(npy(dict("<f8", "(1,)"), 8), 9);
        assertRejected(dir, noLength, "file ends after 9 bytes, inside the 2-byte header length of a version 1.0 file");
    }

    @Test
    void unknownFormatVersion() throws IOException {
        byte[] v4 = npy(dict("<f8", "(1,)"), 8);
        v4[6] = 4;
        byte[] v11 = npy(dict("<f8", "(1,)"), 8);
        v11[7] = 1;

        assertRejected(dir, v4, "unsupported .npy format version 4.0; expected 1.0, 2.0 or 3.0");
        assertRejected(dir, v11, "unsupported .npy format version 1.1");
    }

    @Test
    void truncatedHeader() throws IOException {
        byte[] whole = fixtureBytes("f8_4.npy");
        byte[] cut = Arrays.copyOf(whole, 60); // the header claims 118 bytes, only 50 follow

        NpyFormatException fromFile = assertRejected(dir, cut, "header");
        assertNamesSourceAndProblem(fromFile, fromFile.source(),
                "header length 118 runs past the end of the file: the header would end at byte 128 but the file is 60 bytes");
        NpyFormatException fromStream = assertThrows(NpyFormatException.class,
                () -> Npy.read(new ByteArrayInputStream(cut), "cut.npy"));
        assertNamesSourceAndProblem(fromStream, "cut.npy", "file ends after 50 of 118 header bytes");
    }

    @Test
    void headerLengthBeyondTheLimitIsRefusedBeforeReadingIt() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.put(NpyReader.MAGIC).put((byte) 2).put((byte) 0).putInt(0x7FFFFFF0).putInt(0);

        assertRejected(dir, b.array(), "header length 2147483632 exceeds the limit of 1048576 bytes");
        b.putInt(8, -1); // read as unsigned: 4294967295, not -1
        assertRejected(dir, b.array(), "header length 4294967295 exceeds the limit");
    }

    @Test
    void unknownDescr() throws IOException {
        assertRejected(dir, npy(dict("<c16", "(1,)"), 16),
                "unsupported dtype '<c16' (complex); Backprop reads little-endian <f4, <f8, <i4, <i8, |u1");
        assertRejected(dir, npy(dict("<f2", "(1,)"), 2), "unsupported dtype '<f2' (float16)");
        assertRejected(dir, npy(dict("<i2", "(1,)"), 2), "unsupported dtype '<i2' (int16)");
        assertRejected(dir, npy(dict("f8", "(1,)"), 8), "unsupported dtype 'f8' (no byte order given");
        assertRejected(dir, npy(dict(">i4", "(1,)"), 4), "unsupported dtype '>i4' (big-endian int32)");
        assertRejected(dir, npy(dict("=f8", "(1,)"), 8), "unsupported dtype '=f8' (native byte order");
        assertRejected(dir, npy(dict("<U3", "(1,)"), 12), "unsupported dtype '<U3' (unicode string)");
        assertRejected(dir, npy(dict("nonsense", "(1,)"), 8), "unsupported dtype 'nonsense'; Backprop reads");
        assertRejected(dir, npy("{'descr': 5, 'fortran_order': False, 'shape': (1,), }\n", 8),
                "unsupported dtype 5 (descr must be a type string");
    }

    @Test
    void fortranOrder() throws IOException {
        byte[] f = npy("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }\n", 48);

        assertRejected(dir, f, "fortran_order is True (column-major data); Backprop reads C-order arrays only");
    }

    @Test
    void shapeClaimingTwoToThe40ElementsFailsFastWithoutAllocating() throws IOException {
        byte[] huge = npy(dict("|u1", "(1099511627776,)"), 100);
        byte[] square = npy(dict("<f8", "(1048576, 1048576)"), 100);

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertRejected(dir, huge, "shape (1099511627776,) has extent 1099511627776 on axis 0");
            assertRejected(dir, square, "shape (1048576, 1048576) holds 1099511627776 elements; "
                    + "one Java array holds at most 2147483639");
        });
    }

    @Test
    void shapeThatFitsAJavaArrayButNotTheFileIsRefusedBeforeAllocating() throws IOException {
        // 268 435 455 doubles = 2 GiB: allocating it under the 2 GiB test heap would fail with OutOfMemoryError.
        byte[] liar = npy(dict("<f8", "(268435455,)"), 24);

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            NpyFormatException e = assertRejected(dir, liar, "file ends after 24 of 2147483640 data bytes");
            assertNamesSourceAndProblem(e, e.source(), "needs 2147483716 bytes in all but the file is 100");
        });
    }

    @Test
    void streamThatRunsDryFailsAfterBufferingOnlyWhatArrived() {
        byte[] header = npy(dict("<f8", "(268435455,)"), 0);
        long sent = 3L * (1 << 20) + 5;

        NpyFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(
                NpyFormatException.class, () -> Npy.read(prefixThenZeros(header, sent), "liar-stream")));

        assertEquals("liar-stream: file ends after 3145733 of 2147483640 data bytes (shape (268435455,) of <f8)",
                e.getMessage());
    }

    @Test
    void negativeShapeEntries() throws IOException {
        assertRejected(dir, npy(dict("<f8", "(-1,)"), 0), "shape (-1,) has negative extent -1 on axis 0");
        assertRejected(dir, npy(dict("<f8", "(3, -2)"), 0), "shape (3, -2) has negative extent -2 on axis 1");
    }

    @Test
    void trailingGarbage() throws IOException {
        byte[] whole = fixtureBytes("f8_4.npy");
        byte[] padded = Arrays.copyOf(whole, whole.length + 4);

        NpyFormatException fromFile = assertRejected(dir, padded, "trailing bytes after the data");
        assertNamesSourceAndProblem(fromFile, fromFile.source(),
                "4 trailing bytes after the data: shape (4,) of <f8 needs 160 bytes in all but the file is 164");
    }

    @Test
    void truncatedData() throws IOException {
        byte[] whole = fixtureBytes("f8_4.npy");

        assertRejected(dir, Arrays.copyOf(whole, whole.length - 3), "file ends after 29 of 32 data bytes");
        assertRejected(dir, Arrays.copyOf(whole, 128), "file ends after 0 of 32 data bytes");
    }

    @Test
    void invalidUtf8InVersion3Header() throws IOException {
        byte[] v3 = npy(3, dict("<f8", "(1,)"), new byte[8]);
        v3[12 + 2] = (byte) 0xC3; // a lead byte followed by an ASCII byte is malformed UTF-8

        assertRejected(dir, v3, "header of a version 3.0 file is not valid UTF-8");
    }

    @Test
    void headerThatIsNotADict() throws IOException {
        assertRejected(dir, npy("[('descr', '<f8')]\n", 0), "malformed header: expected '{' at character 0 but found '['");
        assertRejected(dir, npy("", 0), "malformed header: expected '{' at character 0 but found the end of the header");
        assertRejected(dir, npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), } junk\n", 8),
                "expected end of header after the closing '}' at character 58 but found 'j'");
        assertRejected(dir, npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,)\n", 8),
                "expected ',' or '}' at character 55 but found the end of the header");
        assertRejected(dir, npy("{'descr': '<f8'; 'fortran_order': False, 'shape': (1,)}\n", 8),
                "expected ',' or '}' at character 15 but found ';'");
        assertRejected(dir, npy("{descr: '<f8', 'fortran_order': False, 'shape': (1,)}\n", 8),
                "expected a quoted key or '}' at character 1 but found 'd'");
        assertRejected(dir, npy("{'descr': '<f8, 'fortran_order': False, 'shape': (1,)}\n", 8),
                "expected ',' or '}'");
        assertRejected(dir, npy("{'descr': '<f8', 'fortran_order': false, 'shape': (1,)}\n", 8),
                "expected a string, True, False, None, an integer, a tuple or a list at character 34 but found 'f'");
        assertRejected(dir, npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }\u0000\n", 8),
                "found '\\x00'");
        assertRejected(dir, npy("{'descr': '<f\\x38', 'fortran_order': False, 'shape': (1,)}\n", 8),
                "only \\\\, \\' or \\\" escapes in strings");
    }

    @Test
    void wrongKeys() throws IOException {
        assertRejected(dir, npy("{'descr': '<f8', 'shape': (1,)}\n", 8),
                "header must have exactly the keys descr, fortran_order, shape; missing [fortran_order]");
        assertRejected(dir, npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'extra': 1}\n", 8),
                "unexpected [extra]");
        assertRejected(dir, npy("{'descr': '<f8', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}\n", 8),
                "expected no repeated key, but 'descr' appears twice at character 17");
        assertRejected(dir, npy("{}\n", 8), "missing [descr, fortran_order, shape]");
    }

    @Test
    void wrongValueTypes() throws IOException {
        assertRejected(dir, npy(dict("<f8", "(5)"), 40), "shape must be a tuple of ints such as (3, 4), (5,) or (), found 5");
        assertRejected(dir, npy(dict("<f8", "[5]"), 40), "shape must be a tuple of ints such as (3, 4), (5,) or (), found [5]");
        assertRejected(dir, npy(dict("<f8", "(5, 'a')"), 40), "shape must be a tuple of ints, found (5, 'a') with 'a' on axis 1");
        assertRejected(dir, npy(dict("<f8", "(5, True)"), 40), "with True on axis 1");
        assertRejected(dir, npy(dict("<f8", "(5,,)"), 40), "at character 53 but found ','");
        assertRejected(dir, npy(dict("<f8", "(,)"), 40), "at character 51 but found ','");
        assertRejected(dir, npy("{'descr': '<f8', 'fortran_order': 0, 'shape': (1,)}\n", 8),
                "fortran_order must be True or False, found 0");
        assertRejected(dir, npy(dict("<f8", "(3000000000,)"), 8),
                "shape (3000000000,) has extent 3000000000 on axis 0, more than the 2147483647 one Java array can hold");
    }

    @Test
    void pathologicalLiteralsAreBounded() throws IOException {
        String deep = "(".repeat(5000) + ")".repeat(5000);
        String digits = "9".repeat(500_000);

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertRejected(dir, npy(2, dict("<f8", deep), new byte[0]), "at most 16 levels of nested tuples and lists");
            assertRejected(dir, npy(2, dict("<f8", "(" + digits + ",)"), new byte[0]),
                    "expected an integer of at most 30 digits, not 500000");
        });
    }

    @Test
    void headerWithHundredsOfThousandsOfAxesIsParsedInLinearTime() throws IOException {
        int axes = 340_000; // "1, " each: just under the 1 MiB header limit
        byte[] file = npy(2, dict("|u1", "(" + "1, ".repeat(axes) + ")"), new byte[] {42});

        NpyArray a = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> NpyTestSupport.readBytes(file));

        assertEquals(axes, a.ndim());
        assertEquals(42, a.toIntArray()[0]);
        byte[] tooMany = npy(2, dict("|u1", "(" + "1, ".repeat(axes) + "-1)"), new byte[0]);
        assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertRejected(dir, tooMany, "has negative extent -1 on axis 340000"));
    }

    @Test
    void directoryIsRefusedNamingIt() {
        FileSystemException e = assertThrows(FileSystemException.class, () -> Npy.read(dir));

        assertEquals(dir + ": is a directory, not an .npy file", e.getMessage());
    }
}
