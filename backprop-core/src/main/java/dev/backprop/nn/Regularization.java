package dev.backprop.nn;

import dev.backprop.tensor.Elementwise;

import java.util.List;
import java.util.Locale;

/**
 * L2 regularisation of the weights, in either of the two conventions the assignments use:
 * <ul>
 *   <li>{@code weight_decay} (PyTorch, TDT4265's J = C + λ·½Σw²): penalty λ/2·ΣW², gradient + λ·W;</li>
 *   <li>{@code l2} (cs231n/HLCV's J = C + λ·ΣW²): penalty λ·ΣW², gradient + 2λ·W.</li>
 * </ul>
 * Biases are left alone unless {@link #includeBiases()}.
 *
 * <pre>{@code
 * Regularization tdt = Regularization.weightDecay(0.02);   // λ/2·Σw²
 * Regularization cs231n = Regularization.l2(0.25);          // λ·Σw²
 * }</pre>
 *
 * @param kind          convention
 * @param lambda        strength λ &gt;= 0
 * @param includeBiases whether bias vectors are regularised too
 */
public record Regularization(Kind kind, double lambda, boolean includeBiases) {

    /** The conventions. */
    public enum Kind {
        /** No regularisation. */
        NONE,
        /** Penalty λ/2·ΣW², gradient λ·W. */
        WEIGHT_DECAY,
        /** Penalty λ·ΣW², gradient 2λ·W. */
        L2;

        /** The configuration name. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Validates λ. */
    public Regularization {
        if (kind == null) {
            throw new IllegalArgumentException("regularisation kind must not be null");
        }
        if (!(Double.isFinite(lambda) && lambda >= 0)) {
            throw new IllegalArgumentException("regularisation strength must be finite and >= 0, got " + lambda);
        }
    }

    /** No regularisation. */
    public static Regularization none() {
        return new Regularization(Kind.NONE, 0, false);
    }

    /** PyTorch-style weight decay λ: gradient + λ·W. */
    public static Regularization weightDecay(double lambda) {
        return new Regularization(Kind.WEIGHT_DECAY, lambda, false);
    }

    /** cs231n-style λ·ΣW²: gradient + 2λ·W. */
    public static Regularization l2(double lambda) {
        return new Regularization(Kind.L2, lambda, false);
    }

    /** The convention named {@code name} ({@code none}, {@code weight_decay}, {@code l2}) with strength λ. */
    public static Regularization parse(String name, double lambda) {
        return new Regularization(Names.lookup("regularisation", name, Kind.values(), Kind::label), lambda, false);
    }

    /** The same with biases regularised too. */
    public Regularization withBiases() {
        return new Regularization(kind, lambda, true);
    }

    /** True when it changes nothing. */
    public boolean isNone() {
        return kind == Kind.NONE || lambda == 0;
    }

    /** The penalty term added to the data loss, for the current parameter values. */
    public double penalty(List<Parameter> parameters) {
        if (isNone()) {
            return 0.0;
        }
        double sum = 0.0;
        for (int i = 0; i < parameters.size(); i++) {   // indexed: no iterator on the hot path
            Parameter p = parameters.get(i);
            if (applies(p)) {
                sum += Elementwise.sumOfSquares(p.value());
            }
        }
        return kind == Kind.L2 ? lambda * sum : 0.5 * lambda * sum;
    }

    /** Adds the penalty's gradient to every regularised parameter's gradient. */
    public void addGradient(List<Parameter> parameters) {
        if (isNone()) {
            return;
        }
        double factor = kind == Kind.L2 ? 2 * lambda : lambda;
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            if (applies(p)) {
                Elementwise.axpy(factor, p.value(), p.grad());
            }
        }
    }

    /**
     * Adds the penalty's gradient to rows [fromRow, toRow) of {@code p}'s gradient (nothing when
     * {@code p} is not regularised): the rows' share of {@link #addGradient}, the same arithmetic.
     */
    public void addGradient(Parameter p, int fromRow, int toRow) {
        if (isNone() || !applies(p)) {
            return;
        }
        Elementwise.axpyRows(kind == Kind.L2 ? 2 * lambda : lambda, p.value(), p.grad(), fromRow, toRow);
    }

    private boolean applies(Parameter p) {
        return includeBiases || !p.isBias();
    }

    @Override
    public String toString() {
        return isNone() ? "none" : kind.label() + "(" + lambda + (includeBiases ? ", biases too" : "") + ")";
    }
}
