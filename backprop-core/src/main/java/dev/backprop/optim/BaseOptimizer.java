package dev.backprop.optim;

import dev.backprop.nn.Parameter;
import dev.backprop.tensor.Compute;
import dev.backprop.tensor.Matrix;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every optimiser shares: the learning rate (changed by schedules between steps) and the step
 * count. Subclasses implement {@link #update(Parameter)}, applied to each parameter in order.
 */
abstract class BaseOptimizer implements Optimizer {

    private double lr;
    private long steps;
    private final List<String> slotNames;
    final ParameterState slots;

    /**
     * @param slotNames names of the per-parameter state tensors ({@code velocity}; {@code m}, {@code v})
     */
    BaseOptimizer(double lr, List<String> slotNames) {
        this.lr = Optimizer.checkLearningRate(lr);
        this.slotNames = List.copyOf(slotNames);
        this.slots = new ParameterState(slotNames.size());
    }

    @Override
    public final Map<String, Matrix> state(List<Parameter> parameters) {
        Map<String, Matrix> out = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            Matrix[] s = slots.peek(p);
            for (int i = 0; s != null && i < s.length; i++) {
                out.put(p.name() + "/" + slotNames.get(i), s[i].copy());
            }
        }
        return out;
    }

    @Override
    public final void restore(List<Parameter> parameters, Map<String, Matrix> state, long restoredSteps) {
        if (restoredSteps < 0) {
            throw new IllegalArgumentException("step count must be >= 0, got " + restoredSteps);
        }
        for (Parameter p : parameters) {
            boolean any = false;
            for (String slot : slotNames) {
                any |= state.containsKey(p.name() + "/" + slot);
            }
            if (!any) {
                continue;   // not stepped yet when the state was saved
            }
            Matrix[] s = slots.of(p);
            for (int i = 0; i < slotNames.size(); i++) {
                String key = p.name() + "/" + slotNames.get(i);
                Matrix saved = state.get(key);
                if (saved == null || !saved.sameShape(s[i])) {
                    throw new IllegalArgumentException("optimiser state '" + key + "' is "
                            + (saved == null ? "missing" : "of shape " + saved.shape() + ", expected " + s[i].shape()));
                }
                s[i].copyFrom(saved);
            }
        }
        this.steps = restoredSteps;
    }

    /**
     * Updates one parameter from its gradient on the threads of {@code compute}; {@link #steps()}
     * already counts this step.
     */
    abstract void update(Parameter p, Compute compute);

    /**
     * Updates rows [fromRow, toRow) of one parameter from the same rows of its gradient, on the
     * calling thread; {@link #steps()} already counts this step, and {@code state} is the
     * parameter's (null when {@link #keepsState()} is false).
     */
    abstract void updateRows(Parameter p, Matrix[] state, int fromRow, int toRow);

    @Override
    public final void step(List<Parameter> parameters, Compute compute) {
        java.util.Objects.requireNonNull(compute, "compute");
        steps++;
        for (int i = 0; i < parameters.size(); i++) {   // indexed: no iterator on the hot path
            update(parameters.get(i), compute);
        }
    }

    /** True when the update keeps per-parameter state (plain SGD keeps none). */
    boolean keepsState() {
        return true;
    }

    @Override
    public final void beginStep(List<Parameter> parameters) {
        steps++;
        if (keepsState()) {
            // Made here, on the training thread: rows are then updated from several threads.
            for (int i = 0; i < parameters.size(); i++) {
                slots.of(parameters.get(i));
            }
        }
    }

    @Override
    public final void updateRows(Parameter p, int fromRow, int toRow) {
        Matrix[] state = null;
        if (keepsState()) {
            state = slots.peek(p);
            if (state == null) {
                throw new IllegalStateException("parameter " + p.name()
                        + " is updated in a step that did not begin with it");
            }
        }
        updateRows(p, state, fromRow, toRow);
    }

    @Override
    public final double learningRate() {
        return lr;
    }

    @Override
    public final void setLearningRate(double learningRate) {
        this.lr = Optimizer.checkLearningRate(learningRate);
    }

    @Override
    public final long steps() {
        return steps;
    }

    @Override
    public String toString() {
        return name() + hyperParameters();
    }
}
