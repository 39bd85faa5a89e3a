/**
 * Optimisers ({@link dev.backprop.optim.Sgd} with momentum or Nesterov, {@link dev.backprop.optim.Adam})
 * and {@link dev.backprop.optim.LearningRateSchedule}s. Update formulas follow PyTorch's so float64
 * runs match it step by step.
 */
package dev.backprop.optim;
