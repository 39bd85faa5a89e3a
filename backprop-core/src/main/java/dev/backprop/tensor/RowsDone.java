package dev.backprop.tensor;

/**
 * Told which rows of a product's output are final, on the thread that computed them, while other
 * threads may still be computing other rows: a weight gradient's rows can then be used (an optimiser
 * update of the same rows of the weights) while they are in that thread's cache. Calls for one
 * product cover every row exactly once, in disjoint ranges; two ranges may be reported at the same
 * time from different threads.
 *
 * <pre>{@code
 * Gemm.matmulTransA(x, delta, gradW, false, compute, (from, to) -> update(w, gradW, from, to));
 * }</pre>
 */
@FunctionalInterface
public interface RowsDone {

    /** Rows [fromRow, toRow) of the output are final. */
    void rowsDone(int fromRow, int toRow);
}
