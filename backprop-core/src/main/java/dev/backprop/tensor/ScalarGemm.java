package dev.backprop.tensor;

/**
 * Plain-Java matrix products: the reference every faster path is tested against. Loop orders stream
 * rows (i-k-j) and every element sums its products with {@code Math.fma} in ascending inner index.
 */
final class ScalarGemm {

    private ScalarGemm() {
    }

    static void matmul(DoubleMatrix a, DoubleMatrix b, DoubleMatrix c) {
        int m = a.rows, k = a.cols, n = b.cols;
        double[] av = a.data, bv = b.data, cv = c.data;
        for (int i = 0; i < m; i++) {
            int cRow = c.offset + i * n;
            java.util.Arrays.fill(cv, cRow, cRow + n, 0.0);
            int aRow = a.offset + i * k;
            for (int p = 0; p < k; p++) {
                double aip = av[aRow + p];
                int bRow = b.offset + p * n;
                for (int j = 0; j < n; j++) {
                    cv[cRow + j] = Math.fma(aip, bv[bRow + j], cv[cRow + j]);
                }
            }
        }
    }

    static void matmul(FloatMatrix a, FloatMatrix b, FloatMatrix c) {
        int m = a.rows, k = a.cols, n = b.cols;
        float[] av = a.data, bv = b.data, cv = c.data;
        for (int i = 0; i < m; i++) {
            int cRow = c.offset + i * n;
            java.util.Arrays.fill(cv, cRow, cRow + n, 0f);
            int aRow = a.offset + i * k;
            for (int p = 0; p < k; p++) {
                float aip = av[aRow + p];
                int bRow = b.offset + p * n;
                for (int j = 0; j < n; j++) {
                    cv[cRow + j] = Math.fma(aip, bv[bRow + j], cv[cRow + j]);
                }
            }
        }
    }

    static void matmulTransA(DoubleMatrix a, DoubleMatrix b, DoubleMatrix c, boolean accumulate) {
        int k = a.rows, m = a.cols, n = b.cols;
        double[] av = a.data, bv = b.data, cv = c.data;
        for (int i = 0; i < m; i++) {
            int cRow = c.offset + i * n;
            if (!accumulate) {
                java.util.Arrays.fill(cv, cRow, cRow + n, 0.0);
            }
            for (int p = 0; p < k; p++) {
                double api = av[a.offset + p * m + i];
                int bRow = b.offset + p * n;
                for (int j = 0; j < n; j++) {
                    cv[cRow + j] = Math.fma(api, bv[bRow + j], cv[cRow + j]);
                }
            }
        }
    }

    static void matmulTransA(FloatMatrix a, FloatMatrix b, FloatMatrix c, boolean accumulate) {
        int k = a.rows, m = a.cols, n = b.cols;
        float[] av = a.data, bv = b.data, cv = c.data;
        for (int i = 0; i < m; i++) {
            int cRow = c.offset + i * n;
            if (!accumulate) {
                java.util.Arrays.fill(cv, cRow, cRow + n, 0f);
            }
            for (int p = 0; p < k; p++) {
                float api = av[a.offset + p * m + i];
                int bRow = b.offset + p * n;
                for (int j = 0; j < n; j++) {
                    cv[cRow + j] = Math.fma(api, bv[bRow + j], cv[cRow + j]);
                }
            }
        }
    }

    static void matmulTransB(DoubleMatrix a, DoubleMatrix b, DoubleMatrix c) {
        int m = a.rows, k = a.cols, n = b.rows;
        double[] av = a.data, bv = b.data, cv = c.data;
        for (int i = 0; i < m; i++) {
            int aRow = a.offset + i * k;
            int cRow = c.offset + i * n;
            for (int j = 0; j < n; j++) {
                int bRow = b.offset + j * k;
                double sum = 0.0;
                for (int p = 0; p < k; p++) {
                    sum = Math.fma(av[aRow + p], bv[bRow + p], sum);
                }
                cv[cRow + j] = sum;
            }
        }
    }

    static void matmulTransB(FloatMatrix a, FloatMatrix b, FloatMatrix c) {
        int m = a.rows, k = a.cols, n = b.rows;
        float[] av = a.data, bv = b.data, cv = c.data;
        for (int i = 0; i < m; i++) {
            int aRow = a.offset + i * k;
            int cRow = c.offset + i * n;
            for (int j = 0; j < n; j++) {
                int bRow = b.offset + j * k;
                float sum = 0f;
                for (int p = 0; p < k; p++) {
                    sum = Math.fma(av[aRow + p], bv[bRow + p], sum);
                }
                cv[cRow + j] = sum;
            }
        }
    }
}
