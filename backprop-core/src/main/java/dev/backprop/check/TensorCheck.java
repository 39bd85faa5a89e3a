package dev.backprop.check;

/**
 * The gradient check of one parameter tensor.
 *
 * @param name              parameter name, e.g. {@code W0}
 * @param shape             its shape, e.g. {@code [784, 64]}
 * @param size              number of entries in the tensor
 * @param entriesChecked    entries compared (all, or a sample)
 * @param maxRelativeError  max over checked entries of |a - n| / max(1e-8, |a| + |n|)
 * @param normRelativeError ‖a - n‖ / (‖a‖ + ‖n‖) over the checked entries (0 when both are 0)
 * @param worstEntry        row-major index of the entry with the largest relative error
 * @param worstEntryRoundingBound the relative error that rounding in the evaluations of the
 *                          objective alone can cause at the worst entry; a max relative error below
 *                          it is numerical noise (a tiny gradient), not a wrong gradient
 * @param kinkCrossings     checked entries whose perturbation moved a ReLU input across 0
 */
public record TensorCheck(String name, String shape, int size, int entriesChecked, double maxRelativeError,
                          double normRelativeError, int worstEntry, double worstEntryRoundingBound,
                          int kinkCrossings) {

    /** True when the worst entry's error is within what rounding alone can cause. */
    public boolean worstEntryIsRoundingNoise() {
        return maxRelativeError <= worstEntryRoundingBound;
    }
}
