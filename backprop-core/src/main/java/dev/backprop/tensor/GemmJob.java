package dev.backprop.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One matrix product in the strided form of {@link VectorGemmFloat#multiply}, split so that parts
 * can run on different threads. Filled in and run by {@link Gemm}; reused, so a training step
 * allocates nothing once its buffers have grown. Four splits:
 * <ul>
 *   <li>row chunks with stealing: each thread takes row chunks from the front of its own rows
 *   (those a row split gives it, so the update that follows finds them in its cache) and, when
 *   done, steals chunks from the back of the others'. A thread that starts late (a parked worker
 *   takes tens of microseconds to wake; on a shared machine a core is sometimes taken away for
 *   longer) or runs slower (it reads what the other core has just written) then does less,
 *   instead of keeping the other waiting. Large products pack B once, the threads together, and
 *   share it; a B that fits one block is packed by each thread for itself. Each chunk is all of its
 *   rows' inner index on one thread, so the bits stay the same.</li>
 *   <li>blocks of whole micro-kernel rows of C;</li>
 *   <li>whole column panels, when C has few rows;</li>
 *   <li>pipelined along the inner index, for {@code X·W} with a narrow W: part p takes the
 *   rows of W that the same thread's update owns ({@link Job#firstRow}), and C's row tiles pass from
 *   part to part, each continuing the running sums the previous part stored. Every element is still
 *   one FMA chain in ascending inner index, and no thread reads another's rows of W, so the update
 *   that follows writes lines no other core holds.</li>
 * </ul>
 */
final class GemmJob implements Job {

    /** The pipelined split is for narrow layers: each part packs all columns of its rows of B. */
    private static final int PIPELINE_MAX_COLUMNS = 256;
    /** Fewest inner indices per part of a pipelined product. */
    private static final int PIPELINE_MIN_INNER = 128;
    /** Row tiles per pipeline: more tiles fill it sooner, fewer cost fewer kernel calls. */
    private static final int PIPELINE_TILES = 16;

    private float[] af, bf, cf;
    private double[] ad, bd, cd;
    private int aOff, aRs, aCs, bOff, bRs, bCs, cOff, ldc, m, n, k;
    private boolean accumulate;
    private boolean byColumns;
    private int block;
    private int blocks;
    private boolean pipelined;
    private int tileRows;
    private int tiles;
    /** Row tiles each part has finished; part p + 1 waits on part p's count. */
    private AtomicIntegerArray finishedTiles = new AtomicIntegerArray(0);
    /** The product's C. */
    private Matrix output;
    /** Told of rows of C as the thread that computed them finishes them; null when nobody asks. */
    private RowsDone done;
    /** A pipelined layer forward's bias and activation of finished tiles; null when there is none. */
    private Matrix activated;
    private Matrix bias;
    private Nonlinearity activation;
    private double slope;
    /** The next half tile whose bias and activation no thread has claimed. */
    private final AtomicInteger epilogueClaims = new AtomicInteger();
    private volatile boolean aborted;
    /**
     * Rows of the next batch that a part waiting for the previous part's first tile copies meanwhile
     * ({@link RowPrefetch}), or null.
     */
    private RowPrefetch idleRows;

    private boolean stealing;
    /** In the stealing split: each thread packs B for itself instead of sharing one packed B. */
    private boolean ownB;
    private int panels;
    private int chunkRows;
    private int parts;
    private final AtomicInteger panelClaims = new AtomicInteger();
    private final AtomicInteger panelsPacked = new AtomicInteger();
    /**
     * Per part, at index {@code part·RANGE_STRIDE} (a cache line of its own): its next chunk (high
     * half) and the end of its unclaimed chunks (low half).
     */
    private AtomicLongArray chunkRanges = new AtomicLongArray(0);
    private static final int RANGE_STRIDE = 16;
    /** B packed whole when the threads share it; grown when a larger product comes. */
    private float[] packedF = new float[0];
    private double[] packedD = new double[0];

    /** Products from this many multiply-adds share a packed B and hand out row chunks on demand. */
    static final long SHARED_MIN_FMAS = 32_000_000;
    /** The largest B the threads share packed: W7's are 3–4 MB. */
    private static final long SHARED_MAX_B_BYTES = 8L << 20;
    /** Rows per chunk: fewer balance the threads better, more reuse each packed panel more. */
    private static final int CHUNK_ROWS = 64;

    /**
     * True when {@code C = A·B} with both row-major (the forward {@code X·W}) is worth the pipelined
     * split: a narrow W of whole panels (W5's 100 columns ran 9 % slower pipelined), at least two row
     * tiles, and at least {@link #PIPELINE_MIN_INNER} inner indices per thread: each part packs its
     * rows of W and hands every tile on, which a short inner index does not pay for (784×64×32 on two
     * threads ran at half its one-thread speed).
     */
    static boolean pipelinesInnerIndex(int aCs, int bCs, int m, int n, int k, DType dtype, int threads) {
        int rowBlock = Kernels.rowBlock(dtype);
        return aCs == 1 && bCs == 1 && n <= PIPELINE_MAX_COLUMNS && n % Kernels.columnBlock(dtype) == 0
                && m >= 2 * rowBlock && k >= PIPELINE_MIN_INNER * threads;
    }

    /**
     * Lets a part of a pipelined product that waits for the previous part's first tile copy rows of
     * {@code rows} meanwhile, one at a time: that wait (the previous part's first tile, after its
     * packing of B where B is packed) is the longest a worker has in a layer's forward pass.
     */
    void copyRowsWhileWaiting(RowPrefetch rows) {
        this.idleRows = rows;
    }

    /** Fills in a pipelined {@code C (+)= A·B}, A [m, k] and B [k, n] row-major, for {@code parts} parts. */
    void setPipelined(Matrix a, int aRs, Matrix b, int bRs, Matrix c, int m, int n, int k, boolean accumulate,
                      int parts) {
        int rowBlock = Kernels.rowBlock(c.dtype());
        set(a, aRs, 1, b, bRs, 1, c, m, n, k, accumulate, false, rowBlock);
        this.pipelined = true;
        this.tileRows = rowBlock * Math.max(1, (m + rowBlock - 1) / rowBlock / PIPELINE_TILES);
        this.tiles = (m + tileRows - 1) / tileRows;
        if (finishedTiles.length() < parts) {
            finishedTiles = new AtomicIntegerArray(parts);
        }
        for (int p = 0; p < parts; p++) {
            finishedTiles.set(p, 0);
        }
        activated = null;
        aborted = false;
    }

    /**
     * Adds to a pipelined product ({@link #setPipelined}) the bias and activation of its rows,
     * {@code out = f(C + bias)} with C keeping {@code C + bias} ({@link Elementwise#biasActivateRows}):
     * each tile as soon as the last part has finished it, by whichever thread claims it first. The
     * first parts, done before the last, take the finished tiles while they would otherwise wait.
     */
    void withEpilogue(Matrix bias, Nonlinearity f, double slope, Matrix out) {
        this.bias = bias;
        this.activation = f;
        this.slope = slope;
        this.activated = out;
        epilogueClaims.set(0);
    }

    /**
     * True when a product is large enough to share one packed B, with enough rows of C for at least
     * four chunks of {@link #CHUNK_ROWS} per thread (each chunk streams all of the packed B, so
     * shorter chunks would cost more in reads than they gain in balance), and a B small enough to
     * stay in the last-level cache while every chunk streams it: 2048×2048×2048 (16 MB of B) ran at
     * 153 GFLOP/s split this way and at 165–180 split in fixed row blocks, each thread reusing a
     * packed block of B from its own cache.
     */
    static boolean sharesPackedB(int m, int n, int k, DType dtype, int threads) {
        return (long) m * n * k >= SHARED_MIN_FMAS && m >= 4 * CHUNK_ROWS * threads
                && (long) k * n * dtype.bytes() <= SHARED_MAX_B_BYTES;
    }

    /**
     * True when a product too small for {@link #sharesPackedB} still splits into stealable row chunks
     * with B packed by each thread: B fits one packed block and C has at least four row blocks per
     * thread.
     */
    static boolean stealsWithOwnB(int m, int n, int k, DType dtype, int threads) {
        int rowBlock = Kernels.rowBlock(dtype);
        return fitsOneBlock(k, n, dtype) && (m + rowBlock - 1) / rowBlock >= 4 * threads;
    }

    private static boolean fitsOneBlock(int k, int n, DType dtype) {
        return dtype == DType.FLOAT64 ? VectorGemmDouble.fitsOneBlock(k, n) : VectorGemmFloat.fitsOneBlock(k, n);
    }

    /**
     * Fills in a split by stealable row chunks, B shared ({@link #sharesPackedB}) or packed by each
     * thread ({@link #stealsWithOwnB}).
     */
    void setStealing(Matrix a, int aRs, int aCs, Matrix b, int bRs, int bCs, Matrix c, int m, int n, int k,
                     boolean accumulate, int parts, boolean ownB) {
        set(a, aRs, aCs, b, bRs, bCs, c, m, n, k, accumulate, false, Kernels.rowBlock(c.dtype()));
        this.stealing = true;
        this.ownB = ownB;
        this.parts = parts;
        // At least four chunks per part, at most CHUNK_ROWS rows each.
        int rowBlock = Kernels.rowBlock(c.dtype());
        int rowBlocks = (m + rowBlock - 1) / rowBlock;
        this.chunkRows = rowBlock * Math.max(1, Math.min(CHUNK_ROWS / rowBlock, rowBlocks / (4 * parts)));
        if (chunkRanges.length() < parts * RANGE_STRIDE) {
            chunkRanges = new AtomicLongArray(parts * RANGE_STRIDE);
        }
        for (int p = 0; p < parts; p++) {
            chunkRanges.set(p * RANGE_STRIDE, ownChunks(p));
        }
        this.panels = 0;
        if (Kernels.VECTOR && !ownB) {   // the scalar twin reads B where it is
            this.panels = (n + Kernels.columnBlock(c.dtype()) - 1) / Kernels.columnBlock(c.dtype());
            if (cd != null && packedD.length < VectorGemmDouble.packedLength(k, n)) {
                packedD = new double[VectorGemmDouble.packedLength(k, n)];
            } else if (cf != null && packedF.length < VectorGemmFloat.packedLength(k, n)) {
                packedF = new float[VectorGemmFloat.packedLength(k, n)];
            }
        }
        panelClaims.set(0);
        panelsPacked.set(0);
        aborted = false;
    }

    void set(Matrix a, int aRs, int aCs, Matrix b, int bRs, int bCs, Matrix c, int m, int n, int k,
             boolean accumulate, boolean byColumns, int block) {
        this.output = c;
        this.done = null;
        if (c instanceof DoubleMatrix dc) {
            this.ad = ((DoubleMatrix) a).data;
            this.bd = ((DoubleMatrix) b).data;
            this.cd = dc.data;
            this.af = this.bf = this.cf = null;
        } else {
            this.af = ((FloatMatrix) a).data;
            this.bf = ((FloatMatrix) b).data;
            this.cf = ((FloatMatrix) c).data;
            this.ad = this.bd = this.cd = null;
        }
        this.aOff = a.offset;
        this.aRs = aRs;
        this.aCs = aCs;
        this.bOff = b.offset;
        this.bRs = bRs;
        this.bCs = bCs;
        this.cOff = c.offset;
        this.ldc = c.cols;
        this.m = m;
        this.n = n;
        this.k = k;
        this.accumulate = accumulate;
        this.byColumns = byColumns;
        this.block = block;
        this.blocks = ((byColumns ? n : m) + block - 1) / block;
        this.pipelined = false;
        this.stealing = false;
    }

    /**
     * Tells {@code done} of each part's rows (a row split) or chunk (the stealing split) when the
     * thread that computed them has finished them; call after {@link #set} or {@link #setStealing}.
     */
    void reportRows(RowsDone done) {
        this.done = done;
    }

    /** How many blocks the output has along the split dimension. */
    int blocks() {
        return blocks;
    }

    /** Runs part {@code part} of {@code parts}: a contiguous run of blocks. */
    @Override
    public void runPart(int part, int parts) {
        if (pipelined || stealing) {
            try {
                if (pipelined) {
                    runPipelined(part, parts);
                } else {
                    runStealing(part);
                }
            } catch (RuntimeException | Error e) {
                aborted = true;   // the other parts must not wait for tiles or panels that will never come
                throw e;
            }
            return;
        }
        int first = Job.firstBlock(blocks, part, parts);
        int last = Job.firstBlock(blocks, part + 1, parts);
        int from = first * block;
        int to = Math.min(last * block, byColumns ? n : m);
        if (byColumns) {
            multiply(0, m, from, to);
        } else {
            multiply(from, to, 0, n);
            if (done != null && from < to) {
                done.rowsDone(from, to);
            }
        }
    }

    /**
     * Part {@code part}'s inner indices [p0, p1), tile by tile: it packs its rows of B once (unless
     * a kernel reads them in place), then each tile waits until the previous part has finished it
     * and continues its running sums.
     */
    private void runPipelined(int part, int parts) {
        DType dtype = cd != null ? DType.FLOAT64 : DType.FLOAT32;
        int p0 = Job.firstRow(k, dtype, part, parts);
        int p1 = Job.firstRow(k, dtype, part + 1, parts);
        boolean continues = part > 0 || accumulate;
        // Every part has inner indices: pipelinesInnerIndex asks for enough of them per thread.
        // W read in place where a micro-kernel for its row stride exists: packing a part's rows of
        // W took as long as one of its row tiles (W1), and delayed the first tile that every later
        // part waits for.
        boolean inPlace = Kernels.VECTOR
                && (cd != null ? VectorGemmDouble.readsBInPlace(bRs, n) : VectorGemmFloat.readsBInPlace(bRs, n));
        double[] packedD = null;
        float[] packedF = null;
        if (Kernels.VECTOR && !inPlace) {   // the scalar twin reads B where it is
            if (cd != null) {
                packedD = VectorGemmDouble.packOwnB(bd, bOff + p0 * bRs, bRs, 1, p1 - p0, n);
            } else {
                packedF = VectorGemmFloat.packOwnB(bf, bOff + p0 * bRs, bRs, 1, p1 - p0, n);
            }
        }
        for (int t = 0; t < tiles; t++) {
            if (part > 0) {
                while (finishedTiles.get(part - 1) <= t) {
                    if (aborted) {
                        throw new IllegalStateException("a pipelined product was aborted by another part");
                    }
                    if (t > 0 || idleRows == null || !idleRows.runRow()) {
                        Thread.onSpinWait();
                    }
                }
            }
            int i0 = t * tileRows, i1 = Math.min(m, i0 + tileRows);
            if (inPlace && cd != null) {
                VectorGemmDouble.multiplyRowMajorB(ad, aOff + p0, aRs, bd, bOff + p0 * bRs, bRs, p1 - p0, n, cd, cOff,
                        ldc, i0, i1, continues);
            } else if (inPlace) {
                VectorGemmFloat.multiplyRowMajorB(af, aOff + p0, aRs, bf, bOff + p0 * bRs, bRs, p1 - p0, n, cf, cOff,
                        ldc, i0, i1, continues);
            } else if (cd != null) {
                Gemm.kernelPackedB(ad, aOff + p0, aRs, 1, packedD, bd, bOff + p0 * bRs, bRs, 1, p1 - p0, n, cd, cOff,
                        ldc, i0, i1, continues);
            } else {
                Gemm.kernelPackedB(af, aOff + p0, aRs, 1, packedF, bf, bOff + p0 * bRs, bRs, 1, p1 - p0, n, cf, cOff,
                        ldc, i0, i1, continues);
            }
            finishedTiles.set(part, t + 1);
        }
        if (activated != null) {
            runEpilogues(parts);
        }
    }

    /**
     * Bias and activation of finished tiles, claimed a half tile at a time until all are claimed:
     * halves, so that both threads share the last tile, which only the last part can finish.
     */
    private void runEpilogues(int parts) {
        int half = (tileRows + 1) / 2;
        int units = (m + half - 1) / half;
        for (int u = epilogueClaims.get(); u < units; u = epilogueClaims.get()) {
            int i0 = u * half, i1 = Math.min(m, i0 + half);
            while (finishedTiles.get(parts - 1) <= (i1 - 1) / tileRows) {
                if (aborted) {
                    throw new IllegalStateException("a pipelined product was aborted by another part");
                }
                Thread.onSpinWait();
            }
            if (epilogueClaims.compareAndSet(u, u + 1)) {
                Elementwise.biasActivateRows(output, bias, activation, slope, activated, i0, i1);
            }
        }
    }

    /** The chunks of part {@code p}'s rows: none claimed, {@code [0, count)} in the low half. */
    private long ownChunks(int p) {
        DType dtype = cd != null ? DType.FLOAT64 : DType.FLOAT32;
        int rows = Job.firstRow(m, dtype, p + 1, parts) - Job.firstRow(m, dtype, p, parts);
        return (rows + chunkRows - 1) / chunkRows;
    }

    /**
     * Claims a chunk: the next of part {@code owner}'s own when {@code fromFront}, else the last
     * unclaimed one. Returns the chunk's index within the owner's rows, or -1 if none is left.
     */
    private int claimChunk(int owner, boolean fromFront) {
        int at = owner * RANGE_STRIDE;
        while (true) {
            long range = chunkRanges.get(at);
            int next = (int) (range >>> 32), end = (int) range;
            if (next >= end) {
                return -1;
            }
            long claimed = fromFront ? range + (1L << 32) : range - 1;
            if (chunkRanges.compareAndSet(at, range, claimed)) {
                return fromFront ? next : end - 1;
            }
        }
    }

    /**
     * Packs panels of the shared B as long as some are left and waits until all are packed (or, with
     * B of its own, packs it once it has claimed a chunk: a late part that finds nothing left must
     * not keep the caller waiting), then multiplies its own row chunks and steals the others' last
     * ones. Which thread gets which chunk varies; what each chunk computes does not.
     */
    private void runStealing(int part) {
        float[] packedF = ownB ? null : this.packedF;
        double[] packedD = ownB ? null : this.packedD;
        boolean packsOwnB = ownB && Kernels.VECTOR;   // the scalar twin reads B where it is
        for (int q = panelClaims.getAndIncrement(); q < panels; q = panelClaims.getAndIncrement()) {
            if (cd != null) {
                VectorGemmDouble.packPanel(bd, bOff, bRs, bCs, k, n, q, packedD);
            } else {
                VectorGemmFloat.packPanel(bf, bOff, bRs, bCs, k, n, q, packedF);
            }
            panelsPacked.incrementAndGet();
        }
        while (panelsPacked.get() < panels) {
            if (aborted) {
                throw new IllegalStateException("a product split by row chunks was aborted by another part");
            }
            Thread.onSpinWait();
        }
        DType dtype = cd != null ? DType.FLOAT64 : DType.FLOAT32;
        for (int o = 0; o < parts; o++) {
            int owner = (part + o) % parts;
            int firstRow = Job.firstRow(m, dtype, owner, parts);
            int endRow = Job.firstRow(m, dtype, owner + 1, parts);
            for (int chunk = claimChunk(owner, o == 0); chunk >= 0; chunk = claimChunk(owner, o == 0)) {
                int i0 = firstRow + chunk * chunkRows, i1 = Math.min(endRow, i0 + chunkRows);
                if (packsOwnB) {
                    if (cd != null) {
                        packedD = VectorGemmDouble.packOwnB(bd, bOff, bRs, bCs, k, n);
                    } else {
                        packedF = VectorGemmFloat.packOwnB(bf, bOff, bRs, bCs, k, n);
                    }
                    packsOwnB = false;
                }
                if (cd != null) {
                    Gemm.kernelPackedB(ad, aOff, aRs, aCs, packedD, bd, bOff, bRs, bCs, k, n, cd, cOff, ldc, i0, i1,
                            accumulate);
                } else {
                    Gemm.kernelPackedB(af, aOff, aRs, aCs, packedF, bf, bOff, bRs, bCs, k, n, cf, cOff, ldc, i0, i1,
                            accumulate);
                }
                if (done != null) {
                    done.rowsDone(i0, i1);
                }
            }
        }
    }

    private void multiply(int i0, int i1, int j0, int j1) {
        if (cd != null) {
            Gemm.kernel(ad, aOff, aRs, aCs, bd, bOff, bRs, bCs, cd, cOff, ldc, i0, i1, j0, j1, k, accumulate);
        } else {
            Gemm.kernel(af, aOff, aRs, aCs, bf, bOff, bRs, bCs, cf, cOff, ldc, i0, i1, j0, j1, k, accumulate);
        }
    }
}
