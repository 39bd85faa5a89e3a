package dev.backprop.data;

/**
 * The shape of one image: channels × height × width. Pixels of an image are stored channel by
 * channel (planar, as CIFAR-10 ships them: all red values, then green, then blue), each channel row
 * by row.
 *
 * @param channels 1 for grey-scale, 3 for RGB
 * @param height   rows of pixels
 * @param width    columns of pixels
 */
public record ImageShape(int channels, int height, int width) {

    /** MNIST and Fashion-MNIST: 1 × 28 × 28. */
    public static final ImageShape MNIST = new ImageShape(1, 28, 28);
    /** CIFAR-10: 3 × 32 × 32. */
    public static final ImageShape CIFAR = new ImageShape(3, 32, 32);

    /** Validates that every dimension is positive. */
    public ImageShape {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image shape must be positive, got " + channels + "x" + height + "x" + width);
        }
    }

    /**
     * The square image shape with {@code values} values: grey when it is a square number (784 →
     * 1×28×28), else colour when a third of it is (3072 → 3×32×32).
     *
     * @throws IllegalArgumentException when neither fits
     */
    public static ImageShape square(int values) {
        int side = (int) Math.round(Math.sqrt(values));
        if (side > 0 && side * side == values) {
            return new ImageShape(1, side, side);
        }
        int colour = (int) Math.round(Math.sqrt(values / 3.0));
        if (colour > 0 && 3 * colour * colour == values) {
            return new ImageShape(3, colour, colour);
        }
        throw new IllegalArgumentException(values + " values are not a square grey or colour image");
    }

    /** Values per image: channels · height · width. */
    public int size() {
        return channels * height * width;
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
