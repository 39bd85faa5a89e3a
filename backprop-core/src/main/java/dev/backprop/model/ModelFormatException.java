package dev.backprop.model;

import dev.backprop.data.DataException;

/** A model file that is not a valid Backprop model; the message names the file and the problem. */
public class ModelFormatException extends DataException {
    private static final long serialVersionUID = 1L;

    /**
     * @param source the file
     * @param detail what is wrong
     */
    public ModelFormatException(String source, String detail) {
        super(source + ": " + detail, "the file is damaged, not a Backprop model, or from an incompatible version;"
                + " train again or use the file that was written");
    }
}
