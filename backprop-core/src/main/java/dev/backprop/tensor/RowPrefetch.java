package dev.backprop.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gathers the rows of the next batch while the worker threads would otherwise wait: a worker of the
 * {@link Compute} copies two rows at a time whenever it has no part of a product or row kernel to
 * run, and one at a time while a pipelined layer forward makes it wait for the caller's first tile,
 * so the copy fills the gaps of a training step (the small output layer and the loss run on the
 * calling thread alone) instead of taking its own slot. {@link #finish()} copies whatever rows
 * are left on the calling thread and waits for the ones in flight, so the result is the same as
 * {@link Elementwise#gatherRows} whatever the timing.
 *
 * <p>One per {@link Compute} of two or more threads, obtained from {@link Compute#prefetch()} and
 * driven by one thread (the one training); starting a new gather finishes the previous one first.
 * After {@link Compute#close()} the whole copy happens in {@link #finish()}.
 *
 * <pre>{@code
 * RowPrefetch next = compute.prefetch();
 * next.start(features, order, from + batchSize, backBuffer);   // returns at once
 * step.run(batch, labels, offset);                              // workers copy in their idle time
 * next.finish();                                                // backBuffer now holds the rows
 * }</pre>
 */
public final class RowPrefetch {

    private final WorkerPool pool;
    /** The task number in the high half, the next unclaimed row in the low half: claims of a finished task fail. */
    private final AtomicLong claim = new AtomicLong();
    /** Rows an idle thread claims at a time: two overlap their latency; more delay the next job. */
    static final int ROWS_PER_CLAIM = 2;
    /** A claim no row number reaches: set while a new task's fields are filled in. */
    private static final long CLOSED = Integer.MAX_VALUE;
    private final AtomicInteger completed = new AtomicInteger();
    private Matrix src;
    private Matrix dst;
    private int[] indices;
    private int from;
    private volatile int total;
    private int task;
    private boolean active;
    private volatile Throwable failure;

    RowPrefetch(WorkerPool pool) {
        this.pool = pool;
    }

    /**
     * Starts copying rows {@code indices[from .. from + dst.rows())} of {@code src} into the rows of
     * {@code dst} (same dtype and width). The indices are checked here, so a bad one is reported by
     * this call, not later from another thread. Until {@link #finish()}, {@code dst} must not be
     * read or written and {@code indices} not changed.
     *
     * @throws ShapeException            if the widths or dtypes differ
     * @throws IndexOutOfBoundsException naming the position and index when an index is outside src
     */
    public void start(Matrix src, int[] indices, int from, Matrix dst) {
        finish();
        Elementwise.checkGather(src, indices, from, dst);
        Shapes.requireDType(dst.dtype(), "source", src);
        int count = dst.rows();
        for (int r = 0; r < count; r++) {
            Elementwise.sourceRow(src, indices, from + r);   // reported here, not from a worker later
        }
        // A thread that read the previous task's claim before the new total must not claim a row of
        // this task with it: a gather with more rows than the last would otherwise hand out a row
        // twice and count one too many, and finish() could return with a row still being copied.
        claim.set(CLOSED);
        this.src = src;
        this.indices = indices;
        this.from = from;
        this.dst = dst;
        this.failure = null;
        completed.set(0);
        total = count;
        task++;
        active = true;
        claim.set((long) task << 32);   // publishes the fields above to the workers that claim rows
        if (pool != null) {
            pool.offer(this);
        }
    }

    /**
     * Copies the rows no worker has taken yet, waits for those in flight, and returns when
     * {@code dst} holds all of them; does nothing when no gather is under way.
     */
    public void finish() {
        if (!active) {
            return;
        }
        while (runRows(ROWS_PER_CLAIM)) {
            // the caller takes what the workers have not
        }
        while (completed.get() < total) {
            Thread.onSpinWait();
        }
        active = false;
        if (pool != null) {
            pool.withdraw(this);
        }
        Throwable failed = failure;
        if (failed instanceof RuntimeException e) {
            throw e;
        }
        if (failed instanceof Error e) {
            throw e;
        }
    }

    /** True while some row of the current gather is not claimed yet. */
    boolean hasRows() {
        return (int) claim.get() < total;
    }

    /** Copies one unclaimed row; false when every row of the current gather has been claimed. */
    boolean runRow() {
        return runRows(1);
    }

    /**
     * Copies up to {@code most} unclaimed rows, claimed together; false when every row of the
     * current gather has been claimed. Rows claimed together are copied back to back, which
     * overlaps their memory latency: an isolated row (3 KB from memory) took 0.4–0.5 µs, two in a
     * row 0.25 µs each.
     */
    boolean runRows(int most) {
        while (true) {
            long c = claim.get();
            int row = (int) c;
            int end = total;
            if (row >= end) {
                return false;
            }
            int count = Math.min(most, end - row);
            if (claim.compareAndSet(c, c + count)) {
                // The claim succeeded on the current task, whose fields stay put until finish()
                // has seen these rows completed.
                try {
                    Elementwise.gatherRows(src, indices, from, dst, row, row + count);
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    completed.addAndGet(count);
                }
                return true;
            }
        }
    }
}
