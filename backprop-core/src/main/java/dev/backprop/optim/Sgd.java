package dev.backprop.optim;

import dev.backprop.nn.Parameter;
import dev.backprop.tensor.Compute;
import dev.backprop.tensor.Matrix;
import dev.backprop.tensor.UpdateKernels;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent, optionally with momentum in PyTorch's form
 * ({@code v = μ·v + g; w -= lr·v}) or Nesterov momentum ({@code w -= lr·(g + μ·v)}; Sutskever et
 * al., 2013). Velocities start at zero.
 *
 * <pre>{@code
 * Optimizer plain = new Sgd(0.1);
 * Optimizer heavyBall = new Sgd(0.02, 0.9, false);
 * }</pre>
 */
public final class Sgd extends BaseOptimizer {

    private final double momentum;
    private final boolean nesterov;

    /** Plain SGD: {@code w -= lr·g}. */
    public Sgd(double lr) {
        this(lr, 0.0, false);
    }

    /**
     * @param momentum μ in [0, 1)
     * @param nesterov Nesterov's variant (needs μ &gt; 0)
     */
    public Sgd(double lr, double momentum, boolean nesterov) {
        super(lr, List.of("velocity"));
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("nesterov needs momentum > 0");
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    @Override
    void update(Parameter p, Compute compute) {
        if (momentum == 0) {
            UpdateKernels.sgd(p.value(), p.grad(), learningRate(), compute);
        } else {
            UpdateKernels.momentum(p.value(), p.grad(), slots.of(p)[0], learningRate(), momentum, nesterov, compute);
        }
    }

    @Override
    boolean keepsState() {
        return momentum != 0;
    }

    @Override
    void updateRows(Parameter p, Matrix[] state, int fromRow, int toRow) {
        if (momentum == 0) {
            UpdateKernels.sgdRows(p.value(), p.grad(), learningRate(), fromRow, toRow);
        } else {
            UpdateKernels.momentumRows(p.value(), p.grad(), state[0], learningRate(), momentum, nesterov, fromRow,
                    toRow);
        }
    }

    /** The velocity of {@code p}, or null before its first step (for checkpoints and tests). */
    public Matrix velocity(Parameter p) {
        Matrix[] s = slots.peek(p);
        return s == null ? null : s[0];
    }

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    public Map<String, Object> hyperParameters() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("lr", learningRate());
        h.put("momentum", momentum);
        h.put("nesterov", nesterov);
        return h;
    }
}
