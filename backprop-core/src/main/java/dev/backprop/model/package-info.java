/**
 * Trained models as a whole ({@link dev.backprop.model.Model}: network, loss, fitted preprocessing,
 * class names, provenance), their self-describing {@code .safetensors} files
 * ({@link dev.backprop.model.ModelFile}) and training checkpoints ({@link dev.backprop.model.CheckpointFile}).
 */
package dev.backprop.model;
