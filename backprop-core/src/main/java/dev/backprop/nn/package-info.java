/**
 * Networks: {@link dev.backprop.nn.Dense} layers with their {@link dev.backprop.nn.Activation},
 * {@link dev.backprop.nn.Initializer}s, fused {@link dev.backprop.nn.Loss}es,
 * {@link dev.backprop.nn.Regularization} and the {@link dev.backprop.nn.Objective} that ties them to a
 * {@link dev.backprop.nn.Network}. All arithmetic goes through {@code dev.backprop.tensor}.
 */
package dev.backprop.nn;
