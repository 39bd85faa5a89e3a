package dev.backprop.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Daemon worker threads that run parts of a {@link Job} beside the calling thread. A training
 * step hands over a few products every few hundred microseconds, so workers spin for a while after
 * each job (waking a parked thread costs tens of microseconds) and park only when idle longer.
 */
final class WorkerPool {

    /** How long an idle worker spins before it parks. */
    private static final long SPIN_NANOS = 200_000;

    private volatile Job job;
    private final Thread[] workers;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile int generation;
    private volatile int parts;
    private volatile boolean closed;
    private volatile Throwable failure;
    /** Rows to copy while no job is running (see {@link RowPrefetch}), or null. */
    private volatile RowPrefetch background;
    /** Workers parked or about to park; read after each new generation is published. */
    private final AtomicInteger parkedWorkers = new AtomicInteger();

    WorkerPool(int count) {
        this.workers = new Thread[count];
        for (int w = 0; w < count; w++) {
            int part = w + 1;
            Thread t = new Thread(() -> work(part), "backprop-compute-" + part);
            t.setDaemon(true);
            workers[w] = t;
            t.start();
        }
    }

    /** Runs parts [0, parts) of the job: part 0 on the caller, the others on workers; waits for all. */
    void run(Job job, int parts) {
        if (closed) {
            for (int p = 0; p < parts; p++) {
                job.runPart(p, parts);
            }
            return;
        }
        this.job = job;
        this.parts = parts;
        failure = null;
        pending.set(parts - 1);
        generation++;
        if (parkedWorkers.get() > 0) {   // waking a thread that spins anyway would cost the caller a futex call
            for (int w = 0; w < parts - 1; w++) {
                LockSupport.unpark(workers[w]);
            }
        }
        Throwable own = null;
        try {
            job.runPart(0, parts);
        } catch (Throwable t) {
            own = t;
        }
        while (pending.get() != 0) {
            Thread.onSpinWait();
        }
        Throwable failed = own != null ? own : failure;
        if (failed instanceof RuntimeException e) {
            throw e;
        }
        if (failed instanceof Error e) {
            throw e;
        }
    }

    private void work(int part) {
        int seen = 0;
        while (!closed) {
            long idleSince = System.nanoTime();
            while (generation == seen && !closed) {
                RowPrefetch rows = background;
                if (rows != null && rows.runRows(RowPrefetch.ROWS_PER_CLAIM)) {
                    idleSince = System.nanoTime();
                    continue;
                }
                if (System.nanoTime() - idleSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    parkedWorkers.incrementAndGet();
                    RowPrefetch offered = background;
                    // Re-checked after announcing the park, so a job or rows published meanwhile wake us.
                    if (generation == seen && !closed && (offered == null || !offered.hasRows())) {
                        LockSupport.park(this);
                    }
                    parkedWorkers.decrementAndGet();
                }
            }
            if (closed) {
                return;
            }
            seen = generation;
            if (part < parts) {
                try {
                    job.runPart(part, parts);
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    pending.decrementAndGet();
                }
            }
        }
    }

    /** Lets idle workers copy the rows of {@code rows} until it is withdrawn. */
    void offer(RowPrefetch rows) {
        background = rows;
        if (parkedWorkers.get() > 0) {
            for (Thread t : workers) {
                LockSupport.unpark(t);
            }
        }
    }

    /** Stops handing out the rows of {@code rows} (all of them are copied by now). */
    void withdraw(RowPrefetch rows) {
        if (background == rows) {
            background = null;
        }
    }

    void close() {
        closed = true;
        for (Thread t : workers) {
            LockSupport.unpark(t);
        }
    }
}
