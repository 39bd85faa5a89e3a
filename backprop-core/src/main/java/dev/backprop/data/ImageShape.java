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

    /** Values per image: channels · height · width. */
    public int size() {
        return channels * height * width;
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
