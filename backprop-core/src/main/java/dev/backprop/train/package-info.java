/**
 * Training: for now the single {@link dev.backprop.train.TrainingStep}; the loop with validation,
 * early stopping, history and checkpoints builds on it.
 */
package dev.backprop.train;
