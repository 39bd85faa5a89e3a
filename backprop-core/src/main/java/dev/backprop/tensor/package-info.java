/**
 * Storage and numeric kernels: row-major float32/float64 {@link dev.backprop.tensor.Matrix} and the
 * one place where arithmetic on them happens ({@link dev.backprop.tensor.Gemm} products,
 * {@link dev.backprop.tensor.Elementwise} maps, fused {@link dev.backprop.tensor.LossKernels} and
 * {@link dev.backprop.tensor.UpdateKernels}). Layers, losses and optimisers call these and nothing
 * else, so a faster implementation replaces them without touching the rest. Shapes are checked at
 * this boundary and errors name the operands.
 */
package dev.backprop.tensor;
