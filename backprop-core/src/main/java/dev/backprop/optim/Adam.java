package dev.backprop.optim;

import dev.backprop.nn.Parameter;
import dev.backprop.tensor.Compute;
import dev.backprop.tensor.Matrix;
import dev.backprop.tensor.UpdateKernels;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma &amp; Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015) with bias
 * correction, computed as PyTorch's {@code torch.optim.Adam}. L2 regularisation, when wanted, is
 * added to the gradient before the update (PyTorch's {@code weight_decay}, not AdamW).
 *
 * <pre>{@code
 * Optimizer adam = new Adam(1e-3, 0.9, 0.999, 1e-8);
 * }</pre>
 */
public final class Adam extends BaseOptimizer {

    private final double beta1;
    private final double beta2;
    private final double eps;

    /** Adam with the usual defaults β1 = 0.9, β2 = 0.999, ε = 1e-8. */
    public Adam(double lr) {
        this(lr, 0.9, 0.999, 1e-8);
    }

    /** Adam with explicit decay rates in [0, 1) and ε &gt; 0. */
    public Adam(double lr, double beta1, double beta2, double eps) {
        super(lr, List.of("m", "v"));
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta1 and beta2 must be in [0, 1), got beta1=" + beta1
                    + ", beta2=" + beta2);
        }
        if (!(eps > 0 && Double.isFinite(eps))) {
            throw new IllegalArgumentException("eps must be finite and > 0, got " + eps);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    @Override
    void update(Parameter p, Compute compute) {
        Matrix[] s = slots.of(p);
        UpdateKernels.adam(p.value(), p.grad(), s[0], s[1], learningRate(), beta1, beta2, eps, steps(), compute);
    }

    @Override
    void updateRows(Parameter p, Matrix[] state, int fromRow, int toRow) {
        UpdateKernels.adamRows(p.value(), p.grad(), state[0], state[1], learningRate(), beta1, beta2, eps, steps(),
                fromRow, toRow);
    }

    /** First and second moment of {@code p}, or null before its first step. */
    public Matrix[] moments(Parameter p) {
        return slots.peek(p);
    }

    @Override
    public String name() {
        return "adam";
    }

    @Override
    public Map<String, Object> hyperParameters() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("lr", learningRate());
        h.put("beta1", beta1);
        h.put("beta2", beta2);
        h.put("eps", eps);
        return h;
    }
}
