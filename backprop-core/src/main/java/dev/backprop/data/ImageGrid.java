package dev.backprop.data;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Sample images as one PNG: a grid of images, each scaled up by an integer factor, so users can see
 * what they are training on (and that the data was read the right way round).
 *
 * <pre>{@code
 * ImageGrid.writePng(images, 0, 40, 10, 3, Path.of("samples.png"));   // first 40, 10 per row, 3x
 * }</pre>
 */
public final class ImageGrid {

    private static final int GAP = 2;

    private ImageGrid() {
    }

    /**
     * Renders images {@code [from, from + count)} in rows of {@code columns}, each pixel as a
     * {@code zoom}×{@code zoom} block, with a thin grey gap between images.
     */
    public static BufferedImage render(LabeledImages images, int from, int count, int columns, int zoom) {
        if (count <= 0 || columns <= 0 || zoom <= 0 || from < 0 || from + count > images.count()) {
            throw new IllegalArgumentException("cannot show images [" + from + ", " + (from + count) + ") of "
                    + images.count() + " in " + columns + " columns at zoom " + zoom);
        }
        ImageShape shape = images.shape();
        if (shape.channels() != 1 && shape.channels() != 3) {
            throw new IllegalArgumentException("can only draw grey or RGB images, not " + shape.channels() + " channels");
        }
        int rows = (count + columns - 1) / columns;
        int cellW = shape.width() * zoom + GAP;
        int cellH = shape.height() * zoom + GAP;
        BufferedImage out = new BufferedImage(columns * cellW + GAP, rows * cellH + GAP, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        g.setColor(new java.awt.Color(128, 128, 128));
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.dispose();
        int plane = shape.height() * shape.width();
        for (int k = 0; k < count; k++) {
            int x0 = GAP + (k % columns) * cellW;
            int y0 = GAP + (k / columns) * cellH;
            for (int y = 0; y < shape.height(); y++) {
                for (int x = 0; x < shape.width(); x++) {
                    int p = y * shape.width() + x;
                    int r = images.pixel(from + k, p);
                    int gr = shape.channels() == 3 ? images.pixel(from + k, plane + p) : r;
                    int b = shape.channels() == 3 ? images.pixel(from + k, 2 * plane + p) : r;
                    int rgb = (r << 16) | (gr << 8) | b;
                    for (int dy = 0; dy < zoom; dy++) {
                        for (int dx = 0; dx < zoom; dx++) {
                            out.setRGB(x0 + x * zoom + dx, y0 + y * zoom + dy, rgb);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Renders as {@link #render} and writes a PNG atomically (temporary file, then rename). */
    public static void writePng(LabeledImages images, int from, int count, int columns, int zoom, Path file)
            throws IOException {
        BufferedImage image = render(images, from, count, columns, zoom);
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", png)) {
            throw new IOException("no PNG writer available");
        }
        dev.backprop.io.AtomicFiles.writeBytes(file, png.toByteArray());
    }
}
