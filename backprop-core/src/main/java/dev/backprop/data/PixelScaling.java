package dev.backprop.data;

import java.util.Locale;

/**
 * How 8-bit pixel values become features.
 */
public enum PixelScaling {
    /** 0..255 as they are (then usually standardised, as TDT4265 assignment 2 does). */
    RAW,
    /** x / 255, in [0, 1]. */
    UNIT,
    /** (x - 127.5) / 127.5, in [-1, 1] (TDT4265 assignment 1). */
    SYMMETRIC;

    /** The configuration name: {@code raw}, {@code unit} or {@code symmetric}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scaling named {@code name} ({@code raw}, {@code unit}/{@code 0..1}, {@code symmetric}/{@code -1..1}). */
    public static PixelScaling parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("0..1") || n.equals("[0,1]")) {
            return UNIT;
        }
        if (n.equals("-1..1") || n.equals("[-1,1]")) {
            return SYMMETRIC;
        }
        return dev.backprop.nn.Names.lookup("pixel scaling", name, values(), PixelScaling::label);
    }

    /** The feature value of pixel value {@code v} (0..255). */
    public double apply(int v) {
        switch (this) {
            case RAW: return v;
            case UNIT: return v / 255.0;
            case SYMMETRIC: return (v - 127.5) / 127.5;
            default: throw new AssertionError(this);
        }
    }
}
