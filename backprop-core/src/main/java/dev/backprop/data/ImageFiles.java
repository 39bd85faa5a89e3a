package dev.backprop.data;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads image files to classify: PNG, JPEG, GIF and BMP (through Java's ImageIO) and PGM (P2
 * text and P5 binary, 8-bit), converted to the shape a model takes: grey by luminance or RGB,
 * scaled to the model's width and height when they differ, optionally inverted (MNIST digits are
 * white on black; most drawings are black on white).
 *
 * <p>Files are untrusted: the size an image's header claims is checked before the image is decoded
 * (at most {@link #MAX_SIDE} pixels per side, {@link #MAX_PIXELS} in all, and no more than the file's
 * size can plausibly hold), so a small file cannot make the decoder allocate gigabytes; damage the
 * decoder reports in any way becomes a {@link DataException} naming the file.
 *
 * <pre>{@code
 * LabeledImages digits = ImageFiles.read(List.of(Path.of("seven.png")), ImageShape.MNIST, true);
 * }</pre>
 */
public final class ImageFiles {

    /** Largest width or height accepted, so a hostile header cannot claim a huge image. */
    static final int MAX_SIDE = 16_384;

    /** Most pixels accepted (a 33-megapixel photo); the decoded image takes 4 bytes per pixel. */
    static final long MAX_PIXELS = 1L << 25;

    /**
     * Pixels a compressed image may claim per byte of file beyond {@link #FREE_PIXELS}. Real images
     * stay far below (a uniform 4096 x 4096 PNG has about 300 pixels per byte); a header claiming
     * more describes data the file cannot hold, and is refused before the decoder allocates the image.
     */
    static final long PIXELS_PER_BYTE = 1024;

    /** Pixels any image may claim whatever its file size (1024 x 1024). */
    static final long FREE_PIXELS = 1L << 20;

    /** The formats {@code predict} documents; ImageIO's other readers (TIFF, WBMP) are not offered to hostile files. */
    private static final Set<String> FORMATS = Set.of("png", "jpeg", "gif", "bmp");

    private static final String HELP = "use a PNG, JPEG, GIF, BMP or PGM image; re-save the file with an image editor"
            + " if it is damaged";

    private ImageFiles() {
    }

    /**
     * Reads {@code files} as images of {@code shape} (labels are 0, class names a placeholder).
     *
     * @throws DataException naming the file when it is missing, unreadable, not an image of a
     *     supported format, damaged, or claims more than {@link #MAX_SIDE} pixels per side,
     *     {@link #MAX_PIXELS} pixels in all, or more pixels than its size can hold
     */
    public static LabeledImages read(List<Path> files, ImageShape shape, boolean invert) throws DataException {
        byte[] pixels = new byte[Math.multiplyExact(files.size(), shape.size())];
        for (int i = 0; i < files.size(); i++) {
            BufferedImage image = load(files.get(i));
            BufferedImage scaled = scale(image, shape.width(), shape.height());
            copy(scaled, shape, invert, pixels, i * shape.size());
        }
        return new LabeledImages("images", pixels, new int[files.size()], shape, List.of("?"));
    }

    private static BufferedImage load(Path file) throws DataException {
        if (!Files.isRegularFile(file)) {
            throw new DataException("image " + file + (Files.isDirectory(file) ? " is a directory" : " does not exist"),
                    "check the path");
        }
        String format = "image";
        try {
            long size = Files.size(file);
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".pgm")) {
                format = "PGM";
                try (InputStream in = Files.newInputStream(file)) {
                    return Pgm.read(in, file.toString());
                }
            }
            try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
                Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
                if (readers == null || !readers.hasNext()) {
                    throw new DataException(file + ": not an image Java can read (PNG, JPEG, GIF, BMP or PGM expected)",
                            HELP);
                }
                ImageReader reader = readers.next();
                format = reader.getFormatName().toLowerCase(Locale.ROOT);
                if (!FORMATS.contains(format)) {
                    throw new DataException(file + ": a " + format.toUpperCase(Locale.ROOT) + " image; expected PNG, "
                            + "JPEG, GIF, BMP or PGM", "convert it to PNG");
                }
                try {
                    reader.setInput(in, true, true);
                    // The header's size first: the decoder allocates the whole image before reading its data.
                    checkSize(file, format.toUpperCase(Locale.ROOT), reader.getWidth(0), reader.getHeight(0), size);
                    BufferedImage image = reader.read(0);
                    if (image == null) {
                        throw new DataException(file + ": no image in the " + format.toUpperCase(Locale.ROOT) + " file", HELP);
                    }
                    return image;
                } finally {
                    reader.dispose();
                }
            }
        } catch (DataException e) {
            throw e;
        } catch (IOException e) {
            throw new DataException(file + ": cannot read the " + format + " (" + e.getMessage() + ")", HELP, e);
        } catch (RuntimeException e) {
            // The JDK's decoders report some damaged files with runtime exceptions instead of IIOException.
            throw new DataException(file + ": damaged " + format + " file (" + e + ")", HELP, e);
        }
    }

    /** Refuses a claimed size before anything of that size is allocated. */
    static void checkSize(Path file, String format, int width, int height, long fileBytes) throws DataException {
        String claim = file + ": " + format + " header claims " + width + " x " + height + " pixels";
        if (width <= 0 || height <= 0) {
            throw new DataException(claim + "; expected at least 1 x 1", HELP);
        }
        if (width > MAX_SIDE || height > MAX_SIDE) {
            throw new DataException(claim + ", more than the " + MAX_SIDE + " per side Backprop reads",
                    "scale the image down; models take small images such as 28 x 28 anyway");
        }
        long pixels = (long) width * height;
        if (pixels > MAX_PIXELS) {
            throw new DataException(claim + ", more than the " + MAX_PIXELS + " in all Backprop reads",
                    "scale the image down; models take small images such as 28 x 28 anyway");
        }
        if (pixels > FREE_PIXELS + PIXELS_PER_BYTE * fileBytes) {
            throw new DataException(claim + " but the file has only " + fileBytes + " bytes, too few for that many;"
                    + " the header is damaged", HELP);
        }
    }

    private static BufferedImage scale(BufferedImage image, int width, int height) {
        if (image.getWidth() == width && image.getHeight() == height) {
            return image;
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(image, 0, 0, width, height, null);
        g.dispose();
        return out;
    }

    private static void copy(BufferedImage image, ImageShape shape, boolean invert, byte[] out, int at) {
        int plane = shape.width() * shape.height();
        for (int y = 0; y < shape.height(); y++) {
            for (int x = 0; x < shape.width(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                int p = y * shape.width() + x;
                if (shape.channels() == 1) {
                    int grey = (int) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
                    out[at + p] = (byte) (invert ? 255 - grey : grey);
                } else {
                    out[at + p] = (byte) (invert ? 255 - r : r);
                    out[at + plane + p] = (byte) (invert ? 255 - g : g);
                    out[at + 2 * plane + p] = (byte) (invert ? 255 - b : b);
                }
            }
        }
    }

    /** Netpbm grey maps: P2 (text) and P5 (binary), max value up to 255. */
    static final class Pgm {
        private Pgm() {
        }

        static BufferedImage read(InputStream raw, String source) throws IOException {
            InputStream in = new java.io.BufferedInputStream(raw);
            String magic = token(in, source, "magic number");
            if (!magic.equals("P2") && !magic.equals("P5")) {
                throw new DataException(source + ": not a PGM file (magic '" + magic + "', expected P2 or P5)", HELP);
            }
            int width = number(in, source, "width");
            int height = number(in, source, "height");
            int max = number(in, source, "maximum value");
            if (width <= 0 || height <= 0 || width > MAX_SIDE || height > MAX_SIDE
                    || (long) width * height > MAX_PIXELS) {
                throw new DataException(source + ": PGM size " + width + "x" + height + " is outside 1.." + MAX_SIDE
                        + " per side or more than " + MAX_PIXELS + " pixels", HELP);
            }
            if (max <= 0 || max > 255) {
                throw new DataException(source + ": PGM maximum value " + max + " is not supported (1..255)",
                        "save the image as 8-bit grey");
            }
            // The header's size is only a claim: the pixels grow as they arrive, and the image is
            // allocated only once all of them have.
            int count = width * height;
            byte[] values = new byte[Math.min(count, 1 << 16)];
            for (int i = 0; i < count; i++) {
                if (i == values.length) {
                    values = java.util.Arrays.copyOf(values, (int) Math.min(count, 2L * values.length));
                }
                int v;
                if (magic.equals("P5")) {
                    v = in.read();
                    if (v < 0) {
                        throw new DataException(source + ": PGM data ends after " + i + " of " + count + " pixels ("
                                + width + "x" + height + ")", "the file is truncated; save it again");
                    }
                } else {
                    v = number(in, source, "pixel " + i);
                }
                if (v < 0 || v > max) {
                    throw new DataException(source + ": pixel " + i + " is " + v + ", outside 0.." + max);
                }
                values[i] = (byte) (v * 255 / max);
            }
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            for (int i = 0; i < count; i++) {
                int g = values[i] & 0xFF;
                image.setRGB(i % width, i / width, (g << 16) | (g << 8) | g);
            }
            return image;
        }

        private static String token(InputStream in, String source, String what) throws IOException {
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '#') {
                    while (c >= 0 && c != '\n') {
                        c = in.read();
                    }
                    continue;
                }
                if (Character.isWhitespace(c)) {
                    if (sb.length() > 0) {
                        return sb.toString();
                    }
                    continue;
                }
                sb.append((char) c);
                if (sb.length() > 16) {
                    throw new DataException(source + ": malformed PGM header: a token longer than 16 characters ('"
                            + sb + "...'), expected P2/P5, width, height and maximum value", HELP);
                }
            }
            if (sb.length() == 0) {
                throw new DataException(source + ": PGM file ends where its " + what + " should be", HELP);
            }
            return sb.toString();
        }

        private static int number(InputStream in, String source, String what) throws IOException {
            String t = token(in, source, what);
            try {
                return Integer.parseInt(t);
            } catch (NumberFormatException e) {
                throw new DataException(source + ": PGM " + what + " '" + t + "' is not a number");
            }
        }
    }
}
