package dev.backprop.optim;

import dev.backprop.nn.Parameter;

import java.util.List;

/**
 * What every optimiser shares: the learning rate (changed by schedules between steps) and the step
 * count. Subclasses implement {@link #update(Parameter)}, applied to each parameter in order.
 */
abstract class BaseOptimizer implements Optimizer {

    private double lr;
    private long steps;

    BaseOptimizer(double lr) {
        this.lr = Optimizer.checkLearningRate(lr);
    }

    /** Updates one parameter from its gradient; {@link #steps()} already counts this step. */
    abstract void update(Parameter p);

    @Override
    public final void step(List<Parameter> parameters) {
        steps++;
        for (int i = 0; i < parameters.size(); i++) {   // indexed: no iterator on the hot path
            update(parameters.get(i));
        }
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
