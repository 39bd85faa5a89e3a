package dev.backprop.model;

import dev.backprop.data.Dataset;
import dev.backprop.data.LabeledImages;
import dev.backprop.data.Preprocessor;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.nn.Regularization;
import dev.backprop.tensor.Matrix;
import dev.backprop.train.Evaluation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A trained classifier as a whole: the network, the loss it was trained with (which decides how
 * outputs become probabilities), the preprocessing fitted on its training data, the class names, and
 * what is known about how it was made. This is what a model file holds and what {@code predict} and
 * {@code eval} use, so new images are transformed exactly as the training images were.
 *
 * <pre>{@code
 * Model model = ModelFile.read(Path.of("runs/a2/model.safetensors"));
 * Model.Prediction p = model.predict(images);
 * System.out.println(model.classNames().get(p.classes()[0]) + " " + p.probability(0, p.classes()[0]));
 * }</pre>
 *
 * @param network        the trained network
 * @param loss           the loss it was trained with
 * @param regularization the penalty it was trained with (reported in losses)
 * @param preprocessor   the preprocessing of its inputs, or null when inputs are given as features
 * @param classNames     name of each class
 * @param dataset        name of the training dataset (e.g. {@code mnist}), or null
 * @param provenance     how it was trained: hyper-parameters, seed, history summary (JSON-compatible values)
 */
public record Model(Network network, Loss loss, Regularization regularization, Preprocessor preprocessor,
                    List<String> classNames, String dataset, Map<String, Object> provenance) {

    /** Validates that the parts fit together. */
    public Model {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(regularization, "regularization");
        classNames = List.copyOf(classNames);
        provenance = provenance == null ? Map.of() : new LinkedHashMap<>(provenance);
        loss.checkOutputs(network.outputSize());
        if (classNames.size() != loss.classes(network.outputSize())) {
            throw new IllegalArgumentException("the network predicts " + loss.classes(network.outputSize())
                    + " classes but " + classNames.size() + " class names were given");
        }
        if (preprocessor != null && preprocessor.featureCount() != network.inputSize()) {
            throw new IllegalArgumentException("the preprocessing produces " + preprocessor.featureCount()
                    + " features but the network takes " + network.inputSize());
        }
    }

    /**
     * Class probabilities for each row.
     *
     * @param probabilities [n, classes]
     * @param classes       the most probable class of each row
     */
    public record Prediction(Matrix probabilities, int[] classes) {
        /** Probability of class {@code c} for row {@code i}. */
        public double probability(int i, int c) {
            return probabilities.get(i, c);
        }
    }

    /** The inputs the network expects for {@code images}: the recorded preprocessing applied. */
    public Dataset prepare(LabeledImages images) {
        if (preprocessor == null) {
            throw new IllegalStateException("this model records no preprocessing; give it features instead of images");
        }
        if (images.shape().size() != preprocessor.inputSize()) {
            throw new IllegalArgumentException(images.name() + ": images of " + images.shape() + " (" + images.shape().size()
                    + " values) do not fit this model, which takes images of " + preprocessor.inputSize() + " values");
        }
        return preprocessor.apply(images).toDType(network.dtype());
    }

    /** Predicts classes and probabilities for images. */
    public Prediction predict(LabeledImages images) {
        return predict(prepare(images).features());
    }

    /** Predicts classes and probabilities for feature rows [n, network inputs]. */
    public Prediction predict(Matrix features) {
        Matrix logits = network.predict(features, 1000);
        int n = logits.rows();
        int classes = classNames.size();
        Matrix p = Matrix.zeros(network.dtype(), n, classes);
        int[] best = new int[n];
        for (int i = 0; i < n; i++) {
            if (loss == Loss.BINARY_CROSS_ENTROPY) {
                double z = logits.get(i, 0);
                double p1 = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
                p.set(i, 0, 1 - p1);
                p.set(i, 1, p1);
                best[i] = z > 0 ? 1 : 0;
            } else if (loss == Loss.SOFTMAX_CROSS_ENTROPY) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    max = Math.max(max, logits.get(i, c));
                }
                double sum = 0;
                for (int c = 0; c < classes; c++) {
                    sum += Math.exp(logits.get(i, c) - max);
                }
                for (int c = 0; c < classes; c++) {
                    p.set(i, c, Math.exp(logits.get(i, c) - max) / sum);
                }
            } else {
                // MSE outputs are scores against one-hot targets, not probabilities: report them clipped and normalised.
                double sum = 0;
                for (int c = 0; c < classes; c++) {
                    sum += Math.max(0, logits.get(i, c));
                }
                for (int c = 0; c < classes; c++) {
                    p.set(i, c, sum == 0 ? 1.0 / classes : Math.max(0, logits.get(i, c)) / sum);
                }
            }
        }
        if (loss != Loss.BINARY_CROSS_ENTROPY) {
            loss.predict(logits, best);
        }
        return new Prediction(p, best);
    }

    /** Loss, accuracy and confusion matrix on images (preprocessed as recorded). */
    public Evaluation evaluate(LabeledImages images) {
        return evaluate(prepare(images));
    }

    /** Loss, accuracy and confusion matrix on prepared data. */
    public Evaluation evaluate(Dataset data) {
        if (data.featureCount() != network.inputSize()) {
            throw new IllegalArgumentException(data.name() + " has " + data.featureCount() + " features but the model takes "
                    + network.inputSize());
        }
        return Evaluation.of(network, loss, data, 1000);
    }
}
