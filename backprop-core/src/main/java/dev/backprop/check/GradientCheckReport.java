package dev.backprop.check;

import java.util.List;
import java.util.Locale;

/**
 * The result of a {@link GradientCheck}: one {@link TensorCheck} per parameter tensor.
 *
 * @param tensors per-tensor results, in parameter order
 */
public record GradientCheckReport(List<TensorCheck> tensors) {

    /** Copies the list. */
    public GradientCheckReport {
        tensors = List.copyOf(tensors);
    }

    /** The largest per-entry relative error over all tensors. */
    public double maxRelativeError() {
        return tensors.stream().mapToDouble(TensorCheck::maxRelativeError).max().orElse(0);
    }

    /** The largest per-tensor norm-relative error. */
    public double maxNormRelativeError() {
        return tensors.stream().mapToDouble(TensorCheck::normRelativeError).max().orElse(0);
    }

    /** Entries whose perturbation crossed a ReLU kink, over all tensors. */
    public int kinkCrossings() {
        return tensors.stream().mapToInt(TensorCheck::kinkCrossings).sum();
    }

    /** True when every tensor's per-entry relative error is below {@code tolerance}. */
    public boolean passes(double tolerance) {
        return tensors.stream().allMatch(t -> t.maxRelativeError() < tolerance);
    }

    /** A table: tensor, shape, entries checked, max relative error, norm-relative error, kink warnings. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-8s %-14s %10s %14s %14s %s%n",
                "tensor", "shape", "checked", "max rel err", "norm rel err", "warnings"));
        for (TensorCheck t : tensors) {
            List<String> warnings = new java.util.ArrayList<>();
            if (t.kinkCrossings() > 0) {
                warnings.add(t.kinkCrossings() + " entries crossed a ReLU kink");
            }
            if (t.maxRelativeError() >= 1e-7 && t.worstEntryIsRoundingNoise()) {
                warnings.add(String.format(Locale.ROOT, "worst entry is rounding noise (bound %.1e): its gradient is tiny",
                        t.worstEntryRoundingBound()));
            }
            sb.append(String.format(Locale.ROOT, "%-8s %-14s %10s %14.3e %14.3e %s%n", t.name(), t.shape(),
                    t.entriesChecked() + "/" + t.size(), t.maxRelativeError(), t.normRelativeError(),
                    String.join("; ", warnings)));
        }
        return sb.toString();
    }
}
