package dev.backprop.check;

import dev.backprop.nn.Dense;
import dev.backprop.nn.Differentiable;
import dev.backprop.nn.Network;
import dev.backprop.nn.Parameter;
import dev.backprop.random.Rng;
import dev.backprop.tensor.DType;
import dev.backprop.tensor.Matrix;

import java.util.ArrayList;
import java.util.List;

/**
 * Numerical gradient checking: compares the gradients backpropagation computes with centred
 * differences {@code (J(w + h) - J(w - h)) / 2h} of the whole objective (data loss + penalty), one
 * parameter entry at a time, in float64.
 *
 * <p>Per entry the relative error is {@code |a - n| / max(1e-8, |a| + |n|)} (cs231n); per tensor
 * the report also gives the norm-relative error {@code ‖a - n‖ / (‖a‖ + ‖n‖)}, the right measure
 * for deep stacks where single entries are tiny. Tensors with more entries than
 * {@link Options#maxEntriesPerTensor()} are checked on a random sample. When a perturbation moves
 * any ReLU or leaky-ReLU input across 0 the difference quotient straddles a kink and is unreliable;
 * such entries are counted in {@link TensorCheck#kinkCrossings()} as a warning. Rounding in the
 * evaluations of J limits what any difference quotient can show (about 1e-16·J/h ≈ 1e-11 in
 * absolute terms), so an entry whose true gradient is tiny shows a large relative error however
 * correct the code: {@link TensorCheck#worstEntryRoundingBound()} says how much of the worst error
 * rounding alone explains.
 *
 * <pre>{@code
 * Network net = Network.builder(4).dense(5, Activation.TANH).dense(3, Activation.IDENTITY)
 *         .build(DType.FLOAT64, Rng.seeded(1));
 * Objective j = new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY, Regularization.l2(0.05));
 * GradientCheckReport report = GradientCheck.run(j, x, labels, GradientCheck.Options.defaults());
 * System.out.println(report);                  // one row per tensor
 * assert report.maxRelativeError() < 1e-7;
 * }</pre>
 */
public final class GradientCheck {

    /**
     * How to check.
     *
     * @param step                the difference step h (default 1e-5)
     * @param maxEntriesPerTensor check every entry of tensors up to this size, a sample of this many otherwise
     * @param samplingSeed        seed of the sample of entries
     */
    public record Options(double step, int maxEntriesPerTensor, long samplingSeed) {

        /** Validates the options. */
        public Options {
            if (!(step > 0 && step < 1)) {
                throw new IllegalArgumentException("difference step h must be in (0, 1), got " + step);
            }
            if (maxEntriesPerTensor <= 0) {
                throw new IllegalArgumentException("maxEntriesPerTensor must be positive, got " + maxEntriesPerTensor);
            }
        }

        /** h = 1e-5, up to 500 entries per tensor, sampling seed 0. */
        public static Options defaults() {
            return new Options(1e-5, 500, 0);
        }
    }

    private GradientCheck() {
    }

    /**
     * Checks every parameter of the objective's network on one batch (usually an
     * {@link dev.backprop.nn.Objective}).
     *
     * @param x      inputs [batch, features], float64
     * @param labels one label per row of x
     * @throws IllegalArgumentException if the network is not float64
     */
    public static GradientCheckReport run(Differentiable objective, Matrix x, int[] labels, Options options) {
        Network net = objective.network();
        if (net.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException("gradient checks need a float64 network: float32 rounding (about 1e-7"
                    + " relative) swamps the differences; build the network with DType.FLOAT64");
        }
        KinkWatch kinks = new KinkWatch(net);
        objective.computeGradients(x, labels, 0);
        kinks.snapshot();
        Rng sampler = Rng.seeded(options.samplingSeed());
        List<TensorCheck> checks = new ArrayList<>();
        for (Parameter p : net.parameters()) {
            Matrix analytic = p.grad().copy();
            int[] entries = chooseEntries(p.value().size(), options.maxEntriesPerTensor(), sampler);
            checks.add(checkTensor(objective, x, labels, p, analytic, entries, options.step(), kinks));
        }
        return new GradientCheckReport(checks);
    }

    private static TensorCheck checkTensor(Differentiable objective, Matrix x, int[] labels, Parameter p, Matrix analytic,
                                           int[] entries, double h, KinkWatch kinks) {
        Matrix w = p.value();
        double maxRel = 0;
        double worstDenominator = 1;
        int worst = entries.length == 0 ? -1 : entries[0];
        double diffSq = 0;
        double aSq = 0;
        double nSq = 0;
        int crossings = 0;
        for (int idx : entries) {
            double original = w.getFlat(idx);
            w.setFlat(idx, original + h);
            double plus = objective.evaluate(x, labels, 0);
            boolean crossed = kinks.crossed();
            w.setFlat(idx, original - h);
            double minus = objective.evaluate(x, labels, 0);
            crossed |= kinks.crossed();
            w.setFlat(idx, original);
            double numeric = (plus - minus) / (2 * h);
            double a = analytic.getFlat(idx);
            double rel = Math.abs(a - numeric) / Math.max(1e-8, Math.abs(a) + Math.abs(numeric));
            if (rel > maxRel || Double.isNaN(rel)) {
                maxRel = rel;
                worst = idx;
                worstDenominator = Math.max(1e-8, Math.abs(a) + Math.abs(numeric));
            }
            diffSq += (a - numeric) * (a - numeric);
            aSq += a * a;
            nSq += numeric * numeric;
            if (crossed) {
                crossings++;
            }
        }
        double denominator = Math.sqrt(aSq) + Math.sqrt(nSq);
        double normRel = denominator == 0 ? 0 : Math.sqrt(diffSq) / denominator;
        double rounding = worst < 0 ? 0 : roundingNoise(objective, x, labels, w, worst, analytic.getFlat(worst)) / h
                / worstDenominator;
        return new TensorCheck(p.name(), w.shape(), w.size(), entries.length, maxRel, normRel, worst, rounding,
                crossings);
    }

    /**
     * The rounding noise of J near entry {@code idx}, measured rather than guessed: J is evaluated
     * at the entry moved by ±δ and ±2δ with δ = 1e-8·max(|w|, 1), steps large enough to change how
     * every intermediate value rounds but so small that J is linear there to 1e-16; what J deviates
     * from its first-order prediction {@code J(w) + a·δ} is rounding. Each of J(w ± h) carries that
     * much, so the difference quotient carries up to noise / h. (A wrong analytic a adds only
     * |error|·δ/h = 1e-3·|error| to this bound, so it cannot hide a real error.)
     */
    private static double roundingNoise(Differentiable objective, Matrix x, int[] labels, Matrix w, int idx,
                                         double analytic) {
        double original = w.getFlat(idx);
        double centre = objective.evaluate(x, labels, 0);
        double delta = 1e-8 * Math.max(Math.abs(original), 1.0);
        double noise = 0;
        for (int k : new int[] {-2, -1, 1, 2}) {
            double moved = original + k * delta;
            w.setFlat(idx, moved);
            double predicted = centre + analytic * (moved - original);
            noise = Math.max(noise, Math.abs(objective.evaluate(x, labels, 0) - predicted));
        }
        w.setFlat(idx, original);
        return noise;
    }

    private static int[] chooseEntries(int size, int max, Rng rng) {
        if (size <= max) {
            int[] all = new int[size];
            for (int i = 0; i < size; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] perm = rng.permutation(size);
        int[] sample = java.util.Arrays.copyOf(perm, max);
        java.util.Arrays.sort(sample);
        return sample;
    }

    /** Remembers which ReLU inputs were positive at the unperturbed point and spots sign changes. */
    private static final class KinkWatch {
        private final List<Dense> watched = new ArrayList<>();
        private final List<boolean[]> positive = new ArrayList<>();

        KinkWatch(Network net) {
            for (Dense layer : net.layers()) {
                if (layer.activation().function().hasKink()) {
                    watched.add(layer);
                }
            }
        }

        void snapshot() {
            positive.clear();
            for (Dense layer : watched) {
                Matrix z = layer.lastPreActivation();
                boolean[] signs = new boolean[z.size()];
                for (int i = 0; i < signs.length; i++) {
                    signs[i] = z.getFlat(i) > 0;
                }
                positive.add(signs);
            }
        }

        boolean crossed() {
            for (int l = 0; l < watched.size(); l++) {
                Matrix z = watched.get(l).lastPreActivation();
                boolean[] signs = positive.get(l);
                for (int i = 0; i < signs.length; i++) {
                    if ((z.getFlat(i) > 0) != signs[i]) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
