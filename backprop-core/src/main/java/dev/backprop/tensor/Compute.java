package dev.backprop.tensor;

/**
 * How many threads the kernels of one network may use. A {@code Compute} owns its worker threads;
 * hand it to a network with {@code Network.setCompute} (the {@code Trainer} then gathers batches on
 * it too) and close it when training is over.
 *
 * <p>Results do not depend on the thread count: work is split by blocks of the output, and every
 * output element is computed by one thread in the same order as on one thread (see {@link Gemm}).
 * Small products and batches stay on the calling thread, where handing work over would cost more
 * than it saves. One {@code Compute} serves one calling thread at a time.
 *
 * <pre>{@code
 * try (Compute compute = Compute.threads(2)) {
 *     network.setCompute(compute);
 *     TrainingResult result = new Trainer(objective, optimizer, options)
 *             .fit(train, validation, TrainingListener.NONE);
 * }
 * }</pre>
 */
public final class Compute implements AutoCloseable {

    /** One thread, no workers: the default of every network. */
    public static final Compute SERIAL = new Compute(1);

    /**
     * Products smaller than this many multiply-adds run on the calling thread, where handing work
     * over would cost more than it saves. Measured on this project's 2-core machine: a 784-64 layer at
     * batch 32 (1.6 M multiply-adds per product) trains 1.5 times faster on two threads than on one,
     * provided each thread keeps to its own rows through product, activation and update (the
     * worker otherwise spends its gain fetching what the other core has just written); a 64-64
     * layer at batch 32 (0.13 M) does not gain.
     */
    static final long PARALLEL_MIN_FMAS = 1_000_000;

    private final int threads;
    private final WorkerPool pool;
    private final GemmJob job = new GemmJob();
    private final RowsJob rows = new RowsJob();
    private final UpdateJob updates = new UpdateJob();
    private final LossJob loss = new LossJob();
    private final RowPrefetch prefetch;

    private Compute(int threads) {
        this.threads = threads;
        this.pool = threads > 1 ? new WorkerPool(threads - 1) : null;
        this.prefetch = pool == null ? null : new RowPrefetch(pool);
        job.copyRowsWhileWaiting(prefetch);
    }

    /**
     * A compute context with {@code threads} threads in all: the caller's and {@code threads - 1}
     * daemon workers.
     *
     * @throws IllegalArgumentException if {@code threads} is not between 1 and 256
     */
    public static Compute threads(int threads) {
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("threads must be between 1 and 256, got " + threads);
        }
        return threads == 1 ? SERIAL : new Compute(threads);
    }

    /** The number of threads, the caller's included. */
    public int threads() {
        return threads;
    }

    /**
     * The job a parallel product fills in before {@link #run}; null for {@link #SERIAL}, which runs
     * every product directly and so can be shared.
     */
    GemmJob job() {
        return pool == null ? null : job;
    }

    /** The job a parallel row-wise kernel fills in; null for {@link #SERIAL}. */
    RowsJob rowsJob() {
        return pool == null ? null : rows;
    }

    /**
     * This context's row prefetcher, which copies the next batch in the workers' idle time; null for
     * {@link #SERIAL} and other one-thread contexts, which have no idle workers.
     */
    public RowPrefetch prefetch() {
        return prefetch;
    }

    /** The job a parallel parameter update fills in; null for {@link #SERIAL}. */
    UpdateJob updateJob() {
        return pool == null ? null : updates;
    }

    /** Runs {@link #job()} split into {@code parts} parts over the caller and the workers. */
    void run(int parts) {
        pool.run(job, Math.min(parts, threads));
    }

    /**
     * Runs one of this context's jobs ({@link #rowsJob()}, {@link #updateJob()}, {@link #lossJob()}),
     * filled in by the caller, split over all threads.
     */
    void runOnAll(Job filledIn) {
        pool.run(filledIn, threads);
    }

    /** The job a parallel loss fills in; null for {@link #SERIAL}. */
    LossJob lossJob() {
        return pool == null ? null : loss;
    }

    /** Stops the worker threads; the context then runs everything on the calling thread. */
    @Override
    public void close() {
        if (pool != null) {
            pool.close();
        }
    }

    @Override
    public String toString() {
        return "Compute[threads=" + threads + "]";
    }
}
