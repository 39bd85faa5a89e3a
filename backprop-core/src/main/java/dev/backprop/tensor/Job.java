package dev.backprop.tensor;

/** Work that splits into parts run on different threads by a {@link WorkerPool}. */
interface Job {

    /** Runs part {@code part} of {@code parts}; parts touch disjoint outputs. */
    void runPart(int part, int parts);

    /**
     * The first of {@code blocks} blocks that part {@code part} of {@code parts} gets (part
     * {@code parts} gives the end). Products and row kernels split the same way, so a thread works
     * on the rows it already holds in its cache.
     */
    static int firstBlock(int blocks, int part, int parts) {
        return (int) ((long) blocks * part / parts);
    }
}
