package dev.backprop.optim;

import dev.backprop.nn.Parameter;
import dev.backprop.tensor.Matrix;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Per-parameter optimiser state: {@code slots} zero-initialised matrices shaped like each parameter,
 * created the first time the parameter is stepped.
 */
final class ParameterState {

    private final int slots;
    private final Map<Parameter, Matrix[]> state = new IdentityHashMap<>();

    ParameterState(int slots) {
        this.slots = slots;
    }

    Matrix[] of(Parameter p) {
        Matrix[] s = state.get(p);
        if (s == null) {
            s = new Matrix[slots];
            for (int i = 0; i < slots; i++) {
                s[i] = p.value().zerosLike();
            }
            state.put(p, s);
        }
        return s;
    }

    /** The state of {@code p}, or null if it has not been stepped yet. */
    Matrix[] peek(Parameter p) {
        return state.get(p);
    }
}
