package dev.backprop.data;

import javax.imageio.ImageIO;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads image files to classify: PNG (and other formats Java reads: JPEG, GIF, BMP) and PGM (P2
 * text and P5 binary, 8-bit), converted to the shape a model takes: grey by luminance or RGB,
 * scaled to the model's width and height when they differ, optionally inverted (MNIST digits are
 * white on black; most drawings are black on white).
 *
 * <pre>{@code
 * LabeledImages digits = ImageFiles.read(List.of(Path.of("seven.png")), ImageShape.MNIST, true);
 * }</pre>
 */
public final class ImageFiles {

    /** Largest width or height accepted, so a hostile header cannot claim a huge image. */
    static final int MAX_SIDE = 16_384;

    private ImageFiles() {
    }

    /**
     * Reads {@code files} as images of {@code shape} (labels are 0, class names a placeholder).
     *
     * @throws DataException naming the file when it is missing, unreadable or not an image
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
        try {
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(file.toString());
            }
            String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            if (name.endsWith(".pgm")) {
                try (InputStream in = Files.newInputStream(file)) {
                    return Pgm.read(in, file.toString());
                }
            }
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new DataException(file + ": not an image Java can read (PNG, JPEG, GIF, BMP or PGM expected)");
            }
            return image;
        } catch (NoSuchFileException e) {
            throw new DataException("image " + file + " does not exist", "check the path");
        } catch (DataException e) {
            throw e;
        } catch (IOException e) {
            throw new DataException(file + ": cannot read the image (" + e.getMessage() + ")", null, e);
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
            String magic = token(in, source);
            if (!magic.equals("P2") && !magic.equals("P5")) {
                throw new DataException(source + ": not a PGM file (magic '" + magic + "', expected P2 or P5)");
            }
            int width = number(in, source, "width");
            int height = number(in, source, "height");
            int max = number(in, source, "maximum value");
            if (width <= 0 || height <= 0 || width > MAX_SIDE || height > MAX_SIDE) {
                throw new DataException(source + ": PGM size " + width + "x" + height + " is outside 1.." + MAX_SIDE);
            }
            if (max <= 0 || max > 255) {
                throw new DataException(source + ": PGM maximum value " + max + " is not supported (1..255)");
            }
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            for (int i = 0; i < width * height; i++) {
                int v;
                if (magic.equals("P5")) {
                    v = in.read();
                    if (v < 0) {
                        throw new DataException(source + ": PGM data ends after " + i + " of " + width * height + " pixels");
                    }
                } else {
                    v = number(in, source, "pixel " + i);
                }
                if (v > max) {
                    throw new DataException(source + ": pixel " + i + " is " + v + ", above the maximum " + max);
                }
                int g = v * 255 / max;
                image.setRGB(i % width, i / width, (g << 16) | (g << 8) | g);
            }
            return image;
        }

        private static String token(InputStream in, String source) throws IOException {
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
                    throw new DataException(source + ": malformed PGM header");
                }
            }
            if (sb.length() == 0) {
                throw new DataException(source + ": PGM file ends early");
            }
            return sb.toString();
        }

        private static int number(InputStream in, String source, String what) throws IOException {
            String t = token(in, source);
            try {
                return Integer.parseInt(t);
            } catch (NumberFormatException e) {
                throw new DataException(source + ": PGM " + what + " '" + t + "' is not a number");
            }
        }
    }
}
