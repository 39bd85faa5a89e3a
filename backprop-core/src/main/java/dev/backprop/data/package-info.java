/**
 * Data: named datasets ({@link dev.backprop.data.KnownDatasets}) found, verified, cached or
 * downloaded by {@link dev.backprop.data.DataSources}; readers of IDX and CIFAR-10 binary files into
 * {@link dev.backprop.data.LabeledImages}; the {@link dev.backprop.data.Preprocessing} pipeline
 * (scaling, standardisation, mean image, bias column) fitted on training data into a
 * {@link dev.backprop.data.Preprocessor}; {@link dev.backprop.data.Dataset} selections and seeded
 * splits; allocation-free {@link dev.backprop.data.Batches}; statistics and sample-image grids.
 */
package dev.backprop.data;
