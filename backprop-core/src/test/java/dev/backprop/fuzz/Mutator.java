package dev.backprop.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Random damage to valid files: bit flips, bytes replaced by boundary values (0x00, 0xFF, 0x7F,
 * 0x80, 0x01), truncation, extension, duplicated and removed ranges, and integer fields (of the
 * widths and byte orders the formats use) overwritten with boundary values such as 2^31 - 1, 2^32 - 1
 * or -1. Positions favour the header: half of them fall in the first {@code headerBytes} bytes or
 * on a known field offset.
 */
public final class Mutator {

    /** Boundary values written into integer fields. */
    static final long[] BOUNDARY = {0, 1, 2, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFFL, 0x80000000L,
        0xFFFFFFFFL, 1L << 32, 1L << 40, Long.MAX_VALUE, Long.MIN_VALUE, -1, -2, 3073, 1 << 15, 1 << 20, 1 << 30};

    private static final byte[] BYTES = {0x00, (byte) 0xFF, 0x7F, (byte) 0x80, 0x01};

    private final List<byte[]> seeds;
    private final int headerBytes;
    private final int[] fieldOffsets;
    private final boolean bigEndian;

    /**
     * @param seeds        valid files to damage
     * @param headerBytes  how many leading bytes are header (where damage is most interesting)
     * @param fieldOffsets offsets of integer fields (sizes, lengths) worth overwriting
     * @param bigEndian    the byte order of those fields
     */
    public Mutator(List<byte[]> seeds, int headerBytes, int[] fieldOffsets, boolean bigEndian) {
        this.seeds = List.copyOf(seeds);
        this.headerBytes = headerBytes;
        this.fieldOffsets = fieldOffsets.clone();
        this.bigEndian = bigEndian;
    }

    /** A generator of mutants: one to four damages to a random seed file. */
    public Fuzz.Generator generator() {
        return random -> {
            int which = random.nextInt(seeds.size());
            byte[] bytes = seeds.get(which).clone();
            StringBuilder what = new StringBuilder("seed " + which);
            int damages = 1 + (random.nextInt(4) == 0 ? random.nextInt(4) : 0);
            for (int d = 0; d < damages; d++) {
                bytes = mutate(bytes, random, what);
            }
            return new Fuzz.Input(Fuzz.Kind.MUTATED, what.toString(), bytes);
        };
    }

    private int position(SplittableRandom random, int length) {
        if (length == 0) {
            return 0;
        }
        int choice = random.nextInt(4);
        if (choice == 0 && fieldOffsets.length > 0) {
            return Math.min(length - 1, fieldOffsets[random.nextInt(fieldOffsets.length)]);
        }
        if (choice == 1) {
            return random.nextInt(Math.min(length, Math.max(1, headerBytes)));
        }
        return random.nextInt(length);
    }

    byte[] mutate(byte[] in, SplittableRandom random, StringBuilder what) {
        int n = in.length;
        switch (random.nextInt(9)) {
            case 0: {
                if (n == 0) {
                    return extend(in, random, what);
                }
                int at = position(random, n);
                int bit = random.nextInt(8);
                byte[] out = in.clone();
                out[at] ^= (byte) (1 << bit);
                what.append(", bit ").append(bit).append(" of byte ").append(at).append(" flipped");
                return out;
            }
            case 1: {
                if (n == 0) {
                    return extend(in, random, what);
                }
                int at = position(random, n);
                byte v = random.nextInt(3) == 0 ? (byte) random.nextInt(256) : BYTES[random.nextInt(BYTES.length)];
                byte[] out = in.clone();
                out[at] = v;
                what.append(String.format(Locale.ROOT, ", byte %d := 0x%02x", at, v & 0xFF));
                return out;
            }
            case 2: {
                int length = random.nextInt(4) == 0 ? random.nextInt(Math.min(n, headerBytes) + 1) : random.nextInt(n + 1);
                what.append(", cut to ").append(length).append(" bytes");
                return Arrays.copyOf(in, length);
            }
            case 3:
                return extend(in, random, what);
            case 4: {
                if (n == 0) {
                    return extend(in, random, what);
                }
                int from = position(random, n);
                int length = 1 + random.nextInt(Math.min(64, n - from));
                int to = random.nextInt(n + 1);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(in, 0, to);
                out.write(in, from, length);
                out.write(in, to, n - to);
                what.append(", bytes ").append(from).append("..").append(from + length - 1).append(" copied to ").append(to);
                return out.toByteArray();
            }
            case 5: {
                if (n == 0) {
                    return extend(in, random, what);
                }
                int from = position(random, n);
                int length = 1 + random.nextInt(Math.min(64, n - from));
                byte[] out = new byte[n - length];
                System.arraycopy(in, 0, out, 0, from);
                System.arraycopy(in, from + length, out, from, n - from - length);
                what.append(", bytes ").append(from).append("..").append(from + length - 1).append(" removed");
                return out;
            }
            default: {
                if (n == 0) {
                    return extend(in, random, what);
                }
                int width = new int[] {1, 2, 4, 8}[random.nextInt(4)];
                int at = position(random, n);
                long value = BOUNDARY[random.nextInt(BOUNDARY.length)];
                boolean big = random.nextInt(5) == 0 ? !bigEndian : bigEndian;
                byte[] out = in.clone();
                for (int k = 0; k < width && at + k < n; k++) {
                    int shift = big ? 8 * (width - 1 - k) : 8 * k;
                    out[at + k] = (byte) (value >>> shift);
                }
                what.append(String.format(Locale.ROOT, ", %d-byte %s field at %d := %d", width, big ? "big-endian"
                        : "little-endian", at, value));
                return out;
            }
        }
    }

    private static byte[] extend(byte[] in, SplittableRandom random, StringBuilder what) {
        int extra = 1 + random.nextInt(random.nextInt(8) == 0 ? 4096 : 16);
        byte[] out = Arrays.copyOf(in, in.length + extra);
        int fill = random.nextInt(3);
        for (int i = in.length; i < out.length; i++) {
            out[i] = fill == 0 ? 0 : fill == 1 ? (byte) 0xFF : (byte) random.nextInt(256);
        }
        what.append(", ").append(extra).append(" bytes appended");
        return out;
    }

    /** Random bytes: up to {@code maxLength} of them, uniformly or from a small alphabet of boundary values. */
    public static Fuzz.Generator randomBytes(int maxLength) {
        return random -> {
            int length = random.nextInt(4) == 0 ? random.nextInt(16) : random.nextInt(maxLength + 1);
            byte[] b = new byte[length];
            boolean boundary = random.nextBoolean();
            for (int i = 0; i < length; i++) {
                b[i] = boundary ? BYTES[random.nextInt(BYTES.length)] : (byte) random.nextInt(256);
            }
            return new Fuzz.Input(Fuzz.Kind.RANDOM, length + " random " + (boundary ? "boundary " : "") + "bytes", b);
        };
    }

    /** Random bytes after a fixed prefix (a magic number), so the reader gets past its first check. */
    public static Fuzz.Generator randomAfter(byte[] prefix, int maxLength) {
        Fuzz.Generator tail = randomBytes(maxLength);
        return random -> {
            Fuzz.Input t = tail.next(random);
            byte[] b = Arrays.copyOf(prefix, prefix.length + t.bytes().length);
            System.arraycopy(t.bytes(), 0, b, prefix.length, t.bytes().length);
            return new Fuzz.Input(Fuzz.Kind.RANDOM, "magic then " + t.description(), b);
        };
    }

    /** A boundary value for a generated header field. */
    public static long boundary(SplittableRandom random) {
        return BOUNDARY[random.nextInt(BOUNDARY.length)];
    }
}
