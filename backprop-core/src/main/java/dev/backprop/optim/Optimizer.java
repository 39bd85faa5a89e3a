package dev.backprop.optim;

import dev.backprop.nn.Parameter;
import dev.backprop.nn.ParameterUpdate;
import dev.backprop.tensor.Compute;

import java.util.List;
import java.util.Map;

/**
 * Updates parameters in place from their gradients: all at once after the backward pass
 * ({@link #step}), or during it, each parameter's rows as soon as their gradient is final (the
 * {@link ParameterUpdate} side, which {@link dev.backprop.nn.Objective#computeGradientsAndUpdate}
 * and the trainers use); both give the same bits. Per-parameter state (velocities, moments) is
 * created on the first step and reused, so steps allocate nothing afterwards.
 *
 * <pre>{@code
 * Optimizer opt = Optimizer.parse("sgd", Map.of("lr", 0.02, "momentum", 0.9));
 * objective.computeGradients(x, y, 0);
 * opt.step(net.parameters());
 * // or, the same bits: objective.computeGradientsAndUpdate(x, y, 0, opt);
 * }</pre>
 */
public interface Optimizer extends ParameterUpdate {

    /** Applies one update to every parameter using its current gradient, on the calling thread. */
    default void step(List<Parameter> parameters) {
        step(parameters, Compute.SERIAL);
    }

    /**
     * Applies one update to every parameter, splitting large ones over the threads of
     * {@code compute} (the same bits as on one thread). Trainers pass the network's
     * {@link dev.backprop.nn.Network#compute()}.
     */
    void step(List<Parameter> parameters, Compute compute);

    /** The learning rate the next step uses. */
    double learningRate();

    /** Changes the learning rate (schedules call this between steps). */
    void setLearningRate(double learningRate);

    /** Number of steps taken so far. */
    long steps();

    /**
     * The optimiser's per-parameter state for a checkpoint, by name ({@code W0/velocity},
     * {@code W0/m}, {@code W0/v}, ...): copies, in parameter order; empty before the first step or
     * for plain SGD.
     */
    Map<String, dev.backprop.tensor.Matrix> state(List<Parameter> parameters);

    /**
     * Restores state saved by {@link #state} and the step count, so training continues exactly as if
     * it had never stopped.
     *
     * @throws IllegalArgumentException if a tensor is missing or has the wrong shape
     */
    void restore(List<Parameter> parameters, Map<String, dev.backprop.tensor.Matrix> state, long steps);

    /** The configuration name: {@code sgd} or {@code adam}. */
    String name();

    /** Hyper-parameters by their configuration keys, e.g. {@code lr}, {@code momentum}. */
    Map<String, Object> hyperParameters();

    /**
     * The optimiser named {@code name} with hyper-parameters by key: {@code sgd} takes {@code lr},
     * {@code momentum} (default 0), {@code nesterov} (0 or 1, default 0); {@code adam} takes
     * {@code lr}, {@code beta1} (0.9), {@code beta2} (0.999), {@code eps} (1e-8).
     *
     * @throws IllegalArgumentException naming an unknown name or key, or a missing {@code lr}
     */
    static Optimizer parse(String name, Map<String, Double> settings) {
        String kind = dev.backprop.nn.Names.lookup("optimiser", name, new String[] {"sgd", "adam"}, s -> s);
        Double lr = settings.get("lr");
        if (lr == null) {
            throw new IllegalArgumentException("optimiser " + kind + " needs a learning rate 'lr'");
        }
        if (kind.equals("sgd")) {
            dev.backprop.nn.Names.requireKeys("optimiser sgd", settings, List.of("lr", "momentum", "nesterov"));
            return new Sgd(lr, settings.getOrDefault("momentum", 0.0), settings.getOrDefault("nesterov", 0.0) != 0);
        }
        dev.backprop.nn.Names.requireKeys("optimiser adam", settings, List.of("lr", "beta1", "beta2", "eps"));
        return new Adam(lr, settings.getOrDefault("beta1", 0.9), settings.getOrDefault("beta2", 0.999),
                settings.getOrDefault("eps", 1e-8));
    }

    /** Checks a learning rate: finite and positive. */
    static double checkLearningRate(double lr) {
        if (!(Double.isFinite(lr) && lr > 0)) {
            throw new IllegalArgumentException("learning rate 'lr' must be finite and > 0, got " + lr);
        }
        return lr;
    }
}
