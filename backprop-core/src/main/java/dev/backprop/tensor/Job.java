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

    /**
     * The first of {@code rows} rows that part {@code part} of {@code parts} gets when rows are
     * handed out in whole micro-kernel blocks of {@code dtype} (part {@code parts} gives
     * {@code rows}): the split of a row-split product, so row kernels, updates and losses keep each
     * thread on the rows it has just computed.
     */
    static int firstRow(int rows, DType dtype, int part, int parts) {
        int block = Kernels.rowBlock(dtype);
        int blocks = (rows + block - 1) / block;
        return Math.min(rows, firstBlock(blocks, part, parts) * block);
    }
}
