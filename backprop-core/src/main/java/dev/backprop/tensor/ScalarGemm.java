package dev.backprop.tensor;

/**
 * The plain-Java matrix product: the reference the Vector API path ({@link VectorGemmFloat},
 * {@link VectorGemmDouble}) is tested against, and the fallback when that module is absent. Same
 * contract: every element of C is one chain of {@code Math.fma} in ascending inner index, starting
 * from zero (or from C when accumulating).
 */
final class ScalarGemm {

    private ScalarGemm() {
    }

    /** See {@link VectorGemmDouble#multiply}. */
    static void multiply(double[] a, int aOff, int aRs, int aCs,
                         double[] b, int bOff, int bRs, int bCs,
                         double[] c, int cOff, int ldc,
                         int i0, int i1, int j0, int j1, int k, boolean accumulate) {
        if (bCs != 1) {
            // B's columns are contiguous (Δ·Wᵀ): a dot product per element walks the same chain.
            for (int i = i0; i < i1; i++) {
                for (int j = j0; j < j1; j++) {
                    int at = cOff + i * ldc + j;
                    double sum = accumulate ? c[at] : 0.0;
                    for (int p = 0; p < k; p++) {
                        sum = Math.fma(a[aOff + i * aRs + p * aCs], b[bOff + p * bRs + j * bCs], sum);
                    }
                    c[at] = sum;
                }
            }
            return;
        }
        for (int i = i0; i < i1; i++) {
            int cRow = cOff + i * ldc;
            if (!accumulate) {
                java.util.Arrays.fill(c, cRow + j0, cRow + j1, 0.0);
            }
            for (int p = 0; p < k; p++) {
                double aip = a[aOff + i * aRs + p * aCs];
                int bRow = bOff + p * bRs;
                for (int j = j0; j < j1; j++) {
                    c[cRow + j] = Math.fma(aip, b[bRow + j * bCs], c[cRow + j]);
                }
            }
        }
    }

    /** See {@link VectorGemmFloat#multiply}. */
    static void multiply(float[] a, int aOff, int aRs, int aCs,
                         float[] b, int bOff, int bRs, int bCs,
                         float[] c, int cOff, int ldc,
                         int i0, int i1, int j0, int j1, int k, boolean accumulate) {
        if (bCs != 1) {
            // B's columns are contiguous (Δ·Wᵀ): a dot product per element walks the same chain.
            for (int i = i0; i < i1; i++) {
                for (int j = j0; j < j1; j++) {
                    int at = cOff + i * ldc + j;
                    float sum = accumulate ? c[at] : 0f;
                    for (int p = 0; p < k; p++) {
                        sum = Math.fma(a[aOff + i * aRs + p * aCs], b[bOff + p * bRs + j * bCs], sum);
                    }
                    c[at] = sum;
                }
            }
            return;
        }
        for (int i = i0; i < i1; i++) {
            int cRow = cOff + i * ldc;
            if (!accumulate) {
                java.util.Arrays.fill(c, cRow + j0, cRow + j1, 0f);
            }
            for (int p = 0; p < k; p++) {
                float aip = a[aOff + i * aRs + p * aCs];
                int bRow = bOff + p * bRs;
                for (int j = j0; j < j1; j++) {
                    c[cRow + j] = Math.fma(aip, b[bRow + j * bCs], c[cRow + j]);
                }
            }
        }
    }
}
