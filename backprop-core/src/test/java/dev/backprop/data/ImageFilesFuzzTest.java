package dev.backprop.data;

import dev.backprop.fuzz.Fuzz;
import dev.backprop.fuzz.Mutator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the images {@code predict} reads ({@link ImageFiles}): random bytes, damaged PNG, JPEG,
 * GIF, BMP and PGM files, and generated headers claiming boundary sizes. Each input is read both by
 * content (any name) and as a {@code .pgm}; each read is refused with a {@link DataException}
 * naming the file, or gives one image of the requested shape.
 */
class ImageFilesFuzzTest {

    @TempDir
    Path dir;

    private static BufferedImage digit() {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                int g = (x * 9 + y * 5) & 0xFF;
                image.setRGB(x, y, (g << 16) | ((255 - g) << 8) | (x * y & 0xFF));
            }
        }
        return image;
    }

    private static byte[] encode(String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            assertTrue(ImageIO.write(digit(), format, out), format);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] pgm(boolean binary) {
        StringBuilder sb = new StringBuilder(binary ? "P5\n" : "P2\n# a comment\n").append("28 28\n255\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(sb.toString().getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 28 * 28; i++) {
            if (binary) {
                out.write(i * 7);
            } else {
                out.writeBytes(((i * 7 & 0xFF) + (i % 28 == 27 ? "\n" : " ")).getBytes(StandardCharsets.US_ASCII));
            }
        }
        return out.toByteArray();
    }

    private static byte[] chunk(String type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(12 + data.length);
        b.putInt(data.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(data);
        CRC32 crc = new CRC32();
        crc.update(type.getBytes(StandardCharsets.US_ASCII));
        crc.update(data);
        return b.putInt((int) crc.getValue()).array();
    }

    /** A PNG whose IHDR claims a boundary size (with correct CRCs), and a little deflated data. */
    static byte[] png(int width, int height, int bitDepth, int colorType, byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
        out.writeBytes(chunk("IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) bitDepth)
                .put((byte) colorType).put((byte) 0).put((byte) 0).put((byte) 0).array()));
        Deflater deflater = new Deflater();
        deflater.setInput(raw);
        deflater.finish();
        byte[] buffer = new byte[raw.length + 64];
        int n = deflater.deflate(buffer);
        deflater.end();
        out.writeBytes(chunk("IDAT", java.util.Arrays.copyOf(buffer, n)));
        out.writeBytes(chunk("IEND", new byte[0]));
        return out.toByteArray();
    }

    private static int side(SplittableRandom random) {
        return random.nextBoolean() ? 1 + random.nextInt(40) : (int) Mutator.boundary(random);
    }

    static Fuzz.Input generated(SplittableRandom random) {
        int w = side(random);
        int h = side(random);
        switch (random.nextInt(4)) {
            case 0: {
                int[] depths = {1, 2, 4, 8, 16, 3};
                int[] colors = {0, 2, 3, 4, 6, 1};
                int depth = depths[random.nextInt(depths.length)];
                int color = colors[random.nextInt(colors.length)];
                byte[] raw = new byte[random.nextInt(4) == 0 ? random.nextInt(1 << 16) : random.nextInt(200)];
                return new Fuzz.Input(Fuzz.Kind.GENERATED, "PNG " + w + "x" + h + " depth " + depth + " colour " + color
                        + ", " + raw.length + " raw bytes", png(w, h, depth, color, raw));
            }
            case 1: {
                String magic = random.nextBoolean() ? "P5" : "P2";
                int max = random.nextInt(3) == 0 ? (int) Mutator.boundary(random) : 255;
                byte[] header = (magic + "\n" + w + " " + h + "\n" + max + "\n").getBytes(StandardCharsets.US_ASCII);
                byte[] data = new byte[random.nextInt(64)];
                for (int i = 0; i < data.length; i++) {
                    data[i] = magic.equals("P5") ? (byte) random.nextInt(256) : (byte) (i % 2 == 0 ? '1' : ' ');
                }
                byte[] b = java.util.Arrays.copyOf(header, header.length + data.length);
                System.arraycopy(data, 0, b, header.length, data.length);
                return new Fuzz.Input(Fuzz.Kind.GENERATED, magic + " " + w + "x" + h + " max " + max, b);
            }
            case 2: {
                // BMP: file header, BITMAPINFOHEADER with the claimed size, 24 bits, no compression.
                int bits = new int[] {1, 4, 8, 16, 24, 32, 0, 7}[random.nextInt(8)];
                int compression = random.nextInt(3) == 0 ? random.nextInt(7) : 0;
                ByteBuffer b = ByteBuffer.allocate(54 + 64).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                b.put((byte) 'B').put((byte) 'M').putInt(54 + 64).putInt(0).putInt(54);
                b.putInt(40).putInt(w).putInt(h).putShort((short) 1).putShort((short) bits).putInt(compression)
                        .putInt(64).putInt(2835).putInt(2835).putInt(0).putInt(0);
                return new Fuzz.Input(Fuzz.Kind.GENERATED, "BMP " + w + "x" + h + " " + bits + " bits, compression "
                        + compression, b.array());
            }
            default: {
                // GIF: logical screen and image descriptor with the claimed size, a minimal LZW stream.
                ByteBuffer b = ByteBuffer.allocate(64).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                b.put("GIF89a".getBytes(StandardCharsets.US_ASCII)).putShort((short) w).putShort((short) h)
                        .put((byte) 0x80).put((byte) 0).put((byte) 0);
                b.put(new byte[] {0, 0, 0, (byte) 255, (byte) 255, (byte) 255});
                b.put((byte) 0x2C).putShort((short) 0).putShort((short) 0).putShort((short) (random.nextBoolean() ? w : side(random)))
                        .putShort((short) h).put((byte) 0);
                b.put((byte) 2).put((byte) 2).put((byte) 0x4C).put((byte) 0x01).put((byte) 0).put((byte) 0x3B);
                return new Fuzz.Input(Fuzz.Kind.GENERATED, "GIF " + w + "x" + h, java.util.Arrays.copyOf(b.array(), b.position()));
            }
        }
    }

    @Test
    void imagesAreRefusedOrReadAsOneImageOfTheShape() {
        List<byte[]> seeds = new ArrayList<>();
        for (String format : new String[] {"png", "jpeg", "gif", "bmp"}) {
            seeds.add(encode(format));
        }
        seeds.add(pgm(true));
        seeds.add(pgm(false));
        Mutator mutator = new Mutator(seeds, 64, new int[] {0, 6, 8, 16, 18, 20, 22, 24, 3, 4}, true);
        Fuzz.Generator inputs = Fuzz.mix(new int[] {1, 1, 1, 1, 4, 3}, Mutator.randomBytes(400),
                Mutator.randomAfter(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}, 300),
                Mutator.randomAfter("GIF89a".getBytes(StandardCharsets.US_ASCII), 300),
                Mutator.randomAfter("P5\n".getBytes(StandardCharsets.US_ASCII), 100),
                mutator.generator(), ImageFilesFuzzTest::generated);
        Fuzz.of("images", 600).scratch(dir).refusals(DataException.class)
                .allocationBudget(96L << 20, 64)
                .run(inputs, (input, source) -> {
                    ImageShape shape = input.bytes().length % 2 == 0 ? ImageShape.MNIST : ImageShape.CIFAR;
                    for (String extension : new String[] {".img", ".pgm"}) {
                        Path file = Files.write(Path.of(source + extension), input.bytes());
                        try {
                            LabeledImages images = ImageFiles.read(List.of(file), shape, input.bytes().length % 3 == 0);
                            Fuzz.check(images.count() == 1 && images.shape().equals(shape)
                                    && images.pixels().length == shape.size(), "not one image of " + shape);
                        } catch (DataException e) {
                            if (extension.equals(".pgm")) {
                                throw e;
                            }
                            Fuzz.check(e.getMessage().contains(file.toString()), "message does not name " + file + ": "
                                    + e.getMessage());
                        }
                    }
                });
    }

    /**
     * Inputs the fuzzer found: 35-byte GIFs whose headers claim 32768 x 32768, 32767 x 65535 pixels or
     * an image 65535 wide on a 17 x 256 screen, and a damaged GIF claiming 65535 pixels of width, which
     * made the reader allocate 130 to 630 MB (or fail with OutOfMemoryError) before reading any data.
     */
    @Test
    void regressions() throws IOException {
        for (String name : new String[] {"gif-claims-32768x32768.gif", "gif-claims-32767x65535.gif",
            "gif-image-wider-than-screen.gif", "gif-damaged-claims-65535-wide.gif"}) {
            byte[] bytes;
            try (var in = ImageFilesFuzzTest.class.getResourceAsStream("fuzz/" + name)) {
                bytes = in.readAllBytes();
            }
            Path file = Files.write(dir.resolve(name), bytes);
            Fuzz.Action read = () -> ImageFiles.read(List.of(file), ImageShape.MNIST, false);
            Fuzz.measure(read);
            Fuzz.Measured m = Fuzz.measure(read);
            DataException e = assertInstanceOf(DataException.class, m.thrown(), () -> name + ": " + m.thrown());
            assertTrue(e.getMessage().startsWith(file + ": GIF header claims "), e.getMessage());
            assertTrue(m.allocatedBytes() < 10L << 20, m.allocatedBytes() + " bytes allocated for " + e.getMessage());
        }
    }

    /** Headers claiming 2^31 - 1 or 65535 pixels per side are refused before the decoder allocates the image. */
    @Test
    void hugeClaimsAreRefusedWithoutAllocating() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(Files.write(dir.resolve("huge.png"), png(Integer.MAX_VALUE, Integer.MAX_VALUE, 8, 0, new byte[100])));
        files.add(Files.write(dir.resolve("wide.png"), png(16_000, 16_000, 8, 2, new byte[100])));
        files.add(Files.write(dir.resolve("small-file-big-claim.png"), png(4000, 4000, 8, 6, new byte[100])));
        files.add(Files.write(dir.resolve("huge.pgm"), "P5\n16384 16384\n255\n\0\0\0".getBytes(StandardCharsets.US_ASCII)));
        files.add(Files.write(dir.resolve("huge2.pgm"), "P2\n5000 5000\n255\n1 2 3".getBytes(StandardCharsets.US_ASCII)));
        ByteBuffer bmp = ByteBuffer.allocate(54).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bmp.put((byte) 'B').put((byte) 'M').putInt(54).putInt(0).putInt(54).putInt(40).putInt(65535).putInt(65535)
                .putShort((short) 1).putShort((short) 24).putInt(0).putInt(0).putInt(0).putInt(0).putInt(0).putInt(0);
        files.add(Files.write(dir.resolve("huge.bmp"), bmp.array()));
        for (Path file : files) {
            Fuzz.Action read = () -> ImageFiles.read(List.of(file), ImageShape.MNIST, false);
            Fuzz.measure(read);
            Fuzz.Measured m = Fuzz.measure(read);
            DataException e = assertInstanceOf(DataException.class, m.thrown(), () -> file + ": " + m.thrown());
            assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
            assertTrue(m.allocatedBytes() < 10L << 20, m.allocatedBytes() + " bytes allocated for " + e.getMessage());
            assertTrue(m.seconds() < 2, m.seconds() + " s for " + e.getMessage());
        }
        DataException e = assertInstanceOf(DataException.class,
                Fuzz.measure(() -> ImageFiles.read(List.of(files.get(2)), ImageShape.MNIST, false)).thrown());
        assertEquals(files.get(2) + ": PNG header claims 4000 x 4000 pixels but the file has only " + Files.size(files.get(2))
                + " bytes, too few for that many; the header is damaged", e.getMessage());
    }
}
