package dev.backprop.data;

import dev.backprop.random.Rng;
import dev.backprop.tensor.Compute;
import dev.backprop.tensor.Elementwise;
import dev.backprop.tensor.Matrix;
import dev.backprop.tensor.RowPrefetch;

/**
 * Mini-batches over a {@link Dataset}, epoch after epoch, without copying per step: in order, a
 * batch is a view of consecutive rows; shuffled, its rows are gathered into one of two reused
 * buffers. The {@link Batch} handed out is the same object every time, refilled. With a
 * {@link Compute} of two or more threads ({@link #useCompute}), handing out shuffled batch b starts
 * gathering batch b + 1 into the other buffer in the workers' idle time ({@link RowPrefetch}).
 *
 * <pre>{@code
 * Batches batches = new Batches(train, 32, false);
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *     batches.shuffle(shuffleRng);                 // or batches.inOrder()
 *     for (int b = 0; b < batches.count(); b++) {
 *         Batch batch = batches.get(b);
 *         step.run(batch.features(), batch.labels(), batch.labelOffset());
 *     }
 * }
 * }</pre>
 */
public final class Batches {

    /** One batch: features [size, d] and their labels at {@code labels()[labelOffset() + i]}. */
    public static final class Batch {
        private Matrix features;
        private int[] labels;
        private int labelOffset;

        /** Features of the batch (valid until the next {@link Batches#get}). */
        public Matrix features() {
            return features;
        }

        /** Label array; the batch's labels start at {@link #labelOffset()}. */
        public int[] labels() {
            return labels;
        }

        /** Index of the batch's first label in {@link #labels()}. */
        public int labelOffset() {
            return labelOffset;
        }

        /** Number of examples in the batch. */
        public int size() {
            return features.rows();
        }
    }

    private final Dataset data;
    private final int batchSize;
    private final boolean dropLast;
    private final int[] order;
    /** Two gather buffers: the batch handed out, and the next one being prefetched. */
    private final Matrix[] gathered = new Matrix[2];
    private final Matrix[] gatheredViews = new Matrix[2];
    private int current;
    private final int[] gatheredLabels;
    private final int[] sampledIndices;
    private final Batch batch = new Batch();
    private final Matrix[] views;
    private boolean shuffled;
    private Rng sampler;
    private Compute compute = Compute.SERIAL;
    /** The batch being gathered into {@code gathered[1 - current]}, or -1. */
    private int prefetched = -1;

    /**
     * @param dropLast leave out a last batch smaller than {@code batchSize}
     */
    public Batches(Dataset data, int batchSize, boolean dropLast) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        this.data = data;
        this.batchSize = batchSize;
        this.dropLast = dropLast;
        this.order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // Sampled batches are always full, even from a dataset smaller than a batch (cs231n's toy net).
        int capacity = batchSize;
        this.gathered[0] = Matrix.zeros(data.features().dtype(), capacity, data.featureCount());
        this.gatheredLabels = new int[capacity];
        this.sampledIndices = new int[capacity];
        this.views = new Matrix[count()];
    }

    /**
     * Gathers shuffled batches on the threads of {@code compute} (the network's, so that each thread
     * finds the rows it multiplies next already in its cache), and with two or more threads gathers
     * the next batch while the workers are idle.
     */
    public void useCompute(Compute compute) {
        java.util.Objects.requireNonNull(compute, "compute");
        cancelPrefetch();
        this.compute = compute;
    }

    /** Waits for a prefetch under way, whose rows are then not used (the order is about to change). */
    private void cancelPrefetch() {
        if (prefetched >= 0) {
            compute.prefetch().finish();
            prefetched = -1;
        }
    }

    /** Number of batches per epoch. */
    public int count() {
        int full = data.size() / batchSize;
        return dropLast || data.size() % batchSize == 0 ? full : full + 1;
    }

    /** The next epoch visits examples in their stored order. */
    public void inOrder() {
        cancelPrefetch();
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        shuffled = false;
        sampler = null;
    }

    /**
     * From now on every batch is {@code batchSize} examples drawn uniformly <em>with replacement</em>
     * from {@code rng} (cs231n's {@code np.random.choice(num_train, batch_size)}); batches must then be
     * requested in order, each draw continuing the generator.
     */
    public void sampleWithReplacement(Rng rng) {
        cancelPrefetch();
        shuffled = true;
        sampler = rng;
    }

    /** Draws and throws away the indices of {@code batches} sampled batches (to resume mid-epoch). */
    public void discard(int batches) {
        if (sampler == null) {
            return;
        }
        for (long i = (long) batches * batchSize; i > 0; i--) {
            sampler.nextInt(data.size());
        }
    }

    /** The next epoch visits examples in a fresh random order drawn from {@code rng}. */
    public void shuffle(Rng rng) {
        inOrder();
        rng.shuffle(order);
        shuffled = true;
    }


    /** Batch {@code b} (0 &lt;= b &lt; count()) of the current epoch. */
    public Batch get(int b) {
        if (sampler != null) {
            return sampled(b);
        }
        java.util.Objects.checkIndex(b, count());
        int from = b * batchSize;
        int to = Math.min(data.size(), from + batchSize);
        if (!shuffled) {
            if (views[b] == null) {   // views are made once, so later epochs allocate nothing
                views[b] = data.features().rows(from, to);
            }
            batch.features = views[b];
            batch.labels = data.labelArray();
            batch.labelOffset = data.labelOffset() + from;
            return batch;
        }
        int n = to - from;
        RowPrefetch prefetch = compute.prefetch();
        if (prefetched == b) {
            prefetch.finish();
            current = 1 - current;
        } else {
            cancelPrefetch();
            Elementwise.gatherRows(data.features(), order, from, view(current, n), compute);
        }
        prefetched = -1;
        Matrix features = view(current, n);
        int[] all = data.labelArray();
        for (int i = 0; i < n; i++) {
            gatheredLabels[i] = all[data.labelOffset() + order[from + i]];
        }
        if (prefetch != null && b + 1 < count()) {
            int next = Math.min(data.size(), to + batchSize) - to;
            prefetch.start(data.features(), order, to, view(1 - current, next));
            prefetched = b + 1;
        }
        batch.features = features;
        batch.labels = gatheredLabels;
        batch.labelOffset = 0;
        return batch;
    }

    /** The first {@code rows} rows of gather buffer {@code which}, made once per size. */
    private Matrix view(int which, int rows) {
        if (gathered[which] == null) {
            gathered[which] = gathered[0].zerosLike();
        }
        Matrix v = gatheredViews[which];
        if (v == null || v.rows() != rows) {
            v = gathered[which].rows(0, rows);
            gatheredViews[which] = v;
        }
        return v;
    }

    private Batch sampled(int b) {
        int n = batchSize;
        Matrix gatheredView = view(current, n);
        for (int i = 0; i < n; i++) {
            sampledIndices[i] = sampler.nextInt(data.size());
        }
        Elementwise.gatherRows(data.features(), sampledIndices, 0, gatheredView);
        int[] all = data.labelArray();
        for (int i = 0; i < n; i++) {
            gatheredLabels[i] = all[data.labelOffset() + sampledIndices[i]];
        }
        batch.features = gatheredView;
        batch.labels = gatheredLabels;
        batch.labelOffset = 0;
        return batch;
    }
}
