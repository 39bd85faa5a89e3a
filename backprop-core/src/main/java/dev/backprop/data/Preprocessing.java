package dev.backprop.data;

import dev.backprop.tensor.DType;

import java.util.Objects;

/**
 * A recipe that turns images into network inputs, in this order: flatten each image to a row,
 * scale pixels ({@link PixelScaling}), optionally standardise with the training set's mean and
 * population standard deviation over all pixel values (TDT4265 assignment 2), optionally subtract
 * the training set's mean image (cs231n), optionally append a constant-1 bias column (the "bias
 * trick"). Statistics come from the data given to {@link #fit}, never from what it is applied to.
 *
 * <pre>{@code
 * Preprocessing tdt4265a2 = Preprocessing.scaled(PixelScaling.RAW).standardized().withBiasColumn();
 * Preprocessor p = tdt4265a2.fit(trainImages);            // mean 33.55, std 78.88 on MNIST[0:20000]
 * Dataset train = p.apply(trainImages), validation = p.apply(testImages);
 * }</pre>
 *
 * @param scaling           how pixel values become numbers
 * @param standardize       subtract the training mean and divide by its population std (one scalar each)
 * @param subtractMeanImage subtract the training set's per-feature mean
 * @param biasColumn        append a feature that is always 1
 * @param dtype             element type of the produced features
 */
public record Preprocessing(PixelScaling scaling, boolean standardize, boolean subtractMeanImage, boolean biasColumn,
                            DType dtype) {

    /** Validates the fields. */
    public Preprocessing {
        Objects.requireNonNull(scaling, "scaling");
        Objects.requireNonNull(dtype, "dtype");
    }

    /** Pixels scaled as given, nothing else, float32. */
    public static Preprocessing scaled(PixelScaling scaling) {
        return new Preprocessing(scaling, false, false, false, DType.FLOAT32);
    }

    /** The same recipe, standardised with the training set's mean and std. */
    public Preprocessing standardized() {
        return new Preprocessing(scaling, true, subtractMeanImage, biasColumn, dtype);
    }

    /** The same recipe, with the training set's mean image subtracted. */
    public Preprocessing meanImageSubtracted() {
        return new Preprocessing(scaling, standardize, true, biasColumn, dtype);
    }

    /** The same recipe, with a constant-1 column appended. */
    public Preprocessing withBiasColumn() {
        return new Preprocessing(scaling, standardize, subtractMeanImage, true, dtype);
    }

    /** The same recipe, producing {@code newDType} features. */
    public Preprocessing as(DType newDType) {
        return new Preprocessing(scaling, standardize, subtractMeanImage, biasColumn, newDType);
    }

    /** Computes the statistics the recipe needs from {@code train}. */
    public Preprocessor fit(LabeledImages train) {
        return Preprocessor.fit(this, train);
    }
}
