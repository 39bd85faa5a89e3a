package dev.backprop.data;

import java.util.Locale;

/** Which part of a dataset as it ships. */
public enum Split {
    /** The training images. */
    TRAIN,
    /** The test images. */
    TEST;

    /** {@code train} or {@code test}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
