package dev.backprop.io;

import java.nio.ByteBuffer;

/**
 * Moves elements between primitive arrays and little-endian byte buffers through the NIO typed
 * views, which copy in bulk instead of assembling each value byte by byte.
 */
final class NpyCodec {

    private NpyCodec() {
    }

    /** A new primitive array of the type backing {@code dtype}. */
    static Object newArray(NpyDType dtype, int length) {
        switch (dtype) {
            case FLOAT32:
                return new float[length];
            case FLOAT64:
                return new double[length];
            case INT32:
                return new int[length];
            case INT64:
                return new long[length];
            case UINT8:
                return new byte[length];
            default:
                throw new AssertionError(dtype);
        }
    }

    /**
     * Decodes {@code count} elements from {@code src} (little-endian, from its position) into
     * {@code dst[offset ..]}.
     */
    static void decode(NpyDType dtype, ByteBuffer src, Object dst, int offset, int count) {
        switch (dtype) {
            case FLOAT32:
                src.asFloatBuffer().get((float[]) dst, offset, count);
                break;
            case FLOAT64:
                src.asDoubleBuffer().get((double[]) dst, offset, count);
                break;
            case INT32:
                src.asIntBuffer().get((int[]) dst, offset, count);
                break;
            case INT64:
                src.asLongBuffer().get((long[]) dst, offset, count);
                break;
            case UINT8:
                src.get((byte[]) dst, offset, count);
                break;
            default:
                throw new AssertionError(dtype);
        }
    }

    /**
     * Encodes {@code count} elements of {@code src[offset ..]} into {@code dst} (little-endian, from
     * its position).
     */
    static void encode(NpyDType dtype, Object src, int offset, int count, ByteBuffer dst) {
        switch (dtype) {
            case FLOAT32:
                dst.asFloatBuffer().put((float[]) src, offset, count);
                break;
            case FLOAT64:
                dst.asDoubleBuffer().put((double[]) src, offset, count);
                break;
            case INT32:
                dst.asIntBuffer().put((int[]) src, offset, count);
                break;
            case INT64:
                dst.asLongBuffer().put((long[]) src, offset, count);
                break;
            case UINT8:
                dst.put((byte[]) src, offset, count);
                break;
            default:
                throw new AssertionError(dtype);
        }
    }
}
