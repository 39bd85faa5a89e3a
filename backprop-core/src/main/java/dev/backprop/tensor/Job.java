package dev.backprop.tensor;

/** Work that splits into parts run on different threads by a {@link WorkerPool}. */
interface Job {

    /** Runs part {@code part} of {@code parts}; parts touch disjoint outputs. */
    void runPart(int part, int parts);
}
