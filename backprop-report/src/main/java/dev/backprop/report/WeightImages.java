package dev.backprop.report;

import dev.backprop.data.ImageShape;
import dev.backprop.tensor.Matrix;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The weights of a first layer drawn as images: each output unit's incoming weights reshaped to
 * the input image, which shows what the unit responds to (for a linear classifier on MNIST, a
 * blurry template of each digit).
 *
 * <p>Each tile is scaled to its own minimum and maximum (black to white, or per colour channel
 * for RGB), so a unit with small weights is as visible as one with large weights; tiles can
 * therefore not be compared by brightness. A tile whose values are all equal (a unit that never
 * learnt, say) is uniform mid grey.
 *
 * <pre>{@code
 * Matrix w = model.layer(0).weights();                       // [785, 10]: 784 pixels + bias row
 * BufferedImage img = WeightImages.render(w, ImageShape.MNIST, List.of("0", "1", ..., "9"), 10, 4);
 * BufferedImage both = WeightImages.sideBySide(List.of("λ = 0", "λ = 2"), List.of(img, imgL2));
 * WeightImages.writePng(both, dir.resolve("weights.png"));
 * }</pre>
 */
public final class WeightImages {

    /**
     * The most tiles {@link #render} draws: beyond this (say, the 300 hidden units of an MLP's
     * first layer) the tiles get too small to read, and the first hundred tell the story.
     */
    public static final int MAX_TILES = 100;

    private static final int MARGIN = 8;
    private static final int GAP = 6;
    private static final Color BACKGROUND = Color.WHITE;
    /** Frames each tile so that its white pixels do not melt into the background. */
    private static final Color FRAME = new Color(0xB4B4B4);
    private static final Color TEXT = new Color(0x222222);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font CAPTION_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final int MID_GREY = 128;

    private WeightImages() {
    }

    /**
     * One column of {@code weights} as an image at 1:1, scaled to its own range.
     *
     * @param weights [in, out], in = {@code shape.size()} or {@code shape.size() + 1} with a
     *                trailing bias row, which is ignored
     * @param shape   the input image shape; 1 or 3 channels, stored planar
     * @param column  the output unit, 0 &lt;= column &lt; out
     * @return a {@code width × height} RGB image
     * @throws IllegalArgumentException if the weights do not fit the shape, or the channels are not 1 or 3
     */
    public static BufferedImage tile(Matrix weights, ImageShape shape, int column) {
        checkShape(weights, shape);
        Objects.checkIndex(column, weights.cols());
        BufferedImage out = new BufferedImage(shape.width(), shape.height(), BufferedImage.TYPE_INT_RGB);
        int[] rgb = tilePixels(weights, shape, column);
        out.setRGB(0, 0, shape.width(), shape.height(), rgb, 0, shape.width());
        return out;
    }

    /**
     * The first {@link #MAX_TILES} columns of {@code weights} as tiles in rows of {@code columns},
     * each pixel a {@code zoom}×{@code zoom} block, with its label underneath.
     *
     * @param weights [in, out], in = {@code shape.size()} or {@code shape.size() + 1} with a
     *                trailing bias row, which is ignored
     * @param shape   the input image shape; 1 or 3 channels, stored planar (all red, then green, then blue)
     * @param labels  a label per column of {@code weights} (e.g. class names), or just per drawn
     *                column (the first {@link #MAX_TILES}), or an empty list for none
     * @param columns tiles per row, at least 1 (fewer are used when there are fewer tiles)
     * @param zoom    pixels per weight along each axis, at least 1
     * @return a white image with the framed tiles
     * @throws IllegalArgumentException if the weights do not fit the shape, the channels are not 1
     *                                  or 3, the label count is wrong, or columns or zoom is below 1
     */
    public static BufferedImage render(Matrix weights, ImageShape shape, List<String> labels, int columns, int zoom) {
        checkShape(weights, shape);
        Objects.requireNonNull(labels, "labels (use an empty list for none)");
        int tilesDrawn = Math.min(weights.cols(), MAX_TILES);
        if (!labels.isEmpty() && (labels.size() < tilesDrawn || labels.size() > weights.cols())) {
            throw new IllegalArgumentException(labels.size() + " labels for " + weights.cols() + " weight columns, of which "
                    + tilesDrawn + " are drawn; give a label per drawn column or per column");
        }
        if (columns < 1 || zoom < 1) {
            throw new IllegalArgumentException("need at least 1 column and zoom 1, got " + columns + " columns, zoom " + zoom);
        }
        if (weights.cols() == 0) {
            throw new IllegalArgumentException("the weights have no columns to draw");
        }
        int tiles = Math.min(weights.cols(), MAX_TILES);
        int cols = Math.min(columns, tiles);
        int rows = (tiles + cols - 1) / cols;
        int tileW = shape.width() * zoom + 2;
        int tileH = shape.height() * zoom + 2;

        FontMetrics fm = metrics(LABEL_FONT);
        int labelW = 0;
        for (int j = 0; j < tiles && !labels.isEmpty(); j++) {
            labelW = Math.max(labelW, fm.stringWidth(labels.get(j)));
        }
        int labelH = labels.isEmpty() ? 0 : fm.getHeight() + 2;
        // A label wider than its tile widens every cell rather than being cut off or overlapping.
        int cellW = Math.max(tileW, labelW + 4);
        int cellH = tileH + labelH;
        BufferedImage out = blank(2 * MARGIN + cols * cellW + (cols - 1) * GAP,
                2 * MARGIN + rows * cellH + (rows - 1) * GAP);
        Graphics2D g = textGraphics(out);
        g.setFont(LABEL_FONT);
        for (int j = 0; j < tiles; j++) {
            int cellX = MARGIN + (j % cols) * (cellW + GAP);
            int cellY = MARGIN + (j / cols) * (cellH + GAP);
            int x0 = cellX + (cellW - tileW) / 2;
            g.setColor(FRAME);
            g.drawRect(x0, cellY, tileW - 1, tileH - 1);
            drawZoomed(out, tilePixels(weights, shape, j), shape, x0 + 1, cellY + 1, zoom);
            if (!labels.isEmpty()) {
                String label = labels.get(j);
                g.setColor(TEXT);
                g.drawString(label, cellX + (cellW - fm.stringWidth(label)) / 2, cellY + tileH + 1 + fm.getAscent());
            }
        }
        g.dispose();
        return out;
    }

    /**
     * Puts images next to each other, top-aligned, each with a caption centred above it, e.g. the
     * weights without and with L2 regularisation.
     *
     * @param captions one caption per image
     * @param images   the images, left to right
     * @return a white image holding them all
     * @throws IllegalArgumentException if there are no images or the counts differ
     */
    public static BufferedImage sideBySide(List<String> captions, List<BufferedImage> images) {
        if (images.isEmpty() || captions.size() != images.size()) {
            throw new IllegalArgumentException(captions.size() + " captions for " + images.size()
                    + " images; need one caption per image and at least one image");
        }
        FontMetrics fm = metrics(CAPTION_FONT);
        int captionH = fm.getHeight() + 6;
        int[] cellW = new int[images.size()];
        int width = 2 * MARGIN;
        int height = 0;
        for (int i = 0; i < images.size(); i++) {
            cellW[i] = Math.max(images.get(i).getWidth(), fm.stringWidth(captions.get(i)));
            width += cellW[i] + (i > 0 ? 3 * GAP : 0);
            height = Math.max(height, images.get(i).getHeight());
        }
        BufferedImage out = blank(width, 2 * MARGIN + captionH + height);
        Graphics2D g = textGraphics(out);
        g.setFont(CAPTION_FONT);
        g.setColor(TEXT);
        int x = MARGIN;
        for (int i = 0; i < images.size(); i++) {
            String caption = captions.get(i);
            g.drawString(caption, x + (cellW[i] - fm.stringWidth(caption)) / 2, MARGIN + fm.getAscent());
            BufferedImage image = images.get(i);
            g.drawImage(image, x + (cellW[i] - image.getWidth()) / 2, MARGIN + captionH, null);
            x += cellW[i] + 3 * GAP;
        }
        g.dispose();
        return out;
    }

    /** Writes {@code image} as a PNG atomically, creating the directory if needed. */
    public static void writePng(BufferedImage image, Path file) throws IOException {
        Png.write(image, file);
    }

    private static void checkShape(Matrix weights, ImageShape shape) {
        if (shape.channels() != 1 && shape.channels() != 3) {
            throw new IllegalArgumentException("can only draw grey (1 channel) or RGB (3 channels) images, not "
                    + shape.channels() + " channels (shape " + shape + ")");
        }
        int in = weights.rows();
        if (in != shape.size() && in != shape.size() + 1) {
            throw new IllegalArgumentException("weights " + weights.shape() + " have " + in + " input rows, but images of"
                    + " shape " + shape + " have " + shape.size() + " values (" + (shape.size() + 1)
                    + " with a bias row)");
        }
    }

    /** Column {@code j} as packed RGB pixels, row by row, scaled to the column's own finite range. */
    private static int[] tilePixels(Matrix weights, ImageShape shape, int j) {
        int plane = shape.height() * shape.width();
        int n = shape.size(); // a trailing bias row, if any, is not part of the image
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double v = weights.get(i, j);
            if (Double.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        int[] rgb = new int[plane];
        for (int p = 0; p < plane; p++) {
            int r = level(weights.get(p, j), min, max);
            int g = shape.channels() == 3 ? level(weights.get(plane + p, j), min, max) : r;
            int b = shape.channels() == 3 ? level(weights.get(2 * plane + p, j), min, max) : r;
            rgb[p] = (r << 16) | (g << 8) | b;
        }
        return rgb;
    }

    /** 0..255 for v in [min, max]; mid grey when there is no range or v is not finite. */
    private static int level(double v, double min, double max) {
        if (!(max > min) || !Double.isFinite(v)) {
            return MID_GREY;
        }
        return (int) Math.round(255 * (v - min) / (max - min));
    }

    private static void drawZoomed(BufferedImage out, int[] rgb, ImageShape shape, int x0, int y0, int zoom) {
        for (int y = 0; y < shape.height(); y++) {
            for (int x = 0; x < shape.width(); x++) {
                int c = rgb[y * shape.width() + x];
                for (int dy = 0; dy < zoom; dy++) {
                    for (int dx = 0; dx < zoom; dx++) {
                        out.setRGB(x0 + x * zoom + dx, y0 + y * zoom + dy, c);
                    }
                }
            }
        }
    }

    private static BufferedImage blank(int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return out;
    }

    private static Graphics2D textGraphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        return g;
    }

    private static FontMetrics metrics(Font font) {
        Graphics2D g = textGraphics(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB));
        FontMetrics fm = g.getFontMetrics(font);
        g.dispose();
        return fm;
    }
}
