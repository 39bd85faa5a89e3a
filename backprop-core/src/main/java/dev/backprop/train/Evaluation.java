package dev.backprop.train;

import dev.backprop.data.Dataset;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.tensor.Matrix;

import java.util.List;
import java.util.Locale;

/**
 * How well a network does on a dataset: mean data loss (without any regularisation penalty: a
 * property of the data, comparable between runs with different λ), accuracy and the confusion
 * matrix.
 *
 * <pre>{@code
 * Evaluation e = Evaluation.of(net, Loss.SOFTMAX_CROSS_ENTROPY, test, 1000);
 * System.out.println(e.report(test.classNames()));
 * }</pre>
 *
 * @param examples  number of examples
 * @param loss      mean data loss
 * @param accuracy  fraction classified correctly
 * @param confusion {@code confusion[true][predicted]} counts
 */
public record Evaluation(int examples, double loss, double accuracy, int[][] confusion) {

    /**
     * Evaluates {@code net} on every example of {@code data}, forwarding {@code batchSize} rows at a
     * time.
     */
    public static Evaluation of(Network net, Loss loss, Dataset data, int batchSize) {
        int classes = loss.classes(net.outputSize());
        if (data.classCount() > classes) {
            throw new IllegalArgumentException(data.name() + " has " + data.classCount() + " classes but the network "
                    + "predicts " + classes);
        }
        Dataset converted = data.toDType(net.dtype());
        int[][] confusion = new int[classes][classes];
        int[] predicted = new int[Math.min(batchSize, Math.max(1, data.size()))];
        double lossSum = 0;
        int correct = 0;
        for (int from = 0; from < data.size(); from += batchSize) {
            int to = Math.min(data.size(), from + batchSize);
            Matrix out = net.forward(converted.features().rows(from, to));
            lossSum += loss.evaluate(out, converted.labelArray(), converted.labelOffset() + from, null) * (to - from);
            loss.predict(out, predicted);
            for (int i = 0; i < to - from; i++) {
                int truth = converted.label(from + i);
                confusion[truth][predicted[i]]++;
                correct += truth == predicted[i] ? 1 : 0;
            }
        }
        int n = data.size();
        return new Evaluation(n, n == 0 ? Double.NaN : lossSum / n, n == 0 ? Double.NaN : (double) correct / n, confusion);
    }

    /** Accuracy per true class (NaN for a class with no examples). */
    public double[] perClassAccuracy() {
        double[] out = new double[confusion.length];
        for (int c = 0; c < confusion.length; c++) {
            int total = 0;
            for (int v : confusion[c]) {
                total += v;
            }
            out[c] = total == 0 ? Double.NaN : (double) confusion[c][c] / total;
        }
        return out;
    }

    /** A text report: loss, accuracy, per-class accuracy and the confusion matrix. */
    public String report(List<String> classNames) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "examples %,d   loss %.4f   accuracy %.2f%%%n%n", examples, loss, 100 * accuracy));
        int width = 6;
        for (String n : classNames) {
            width = Math.max(width, Math.min(12, n.length()));
        }
        double[] perClass = perClassAccuracy();
        sb.append(String.format(Locale.ROOT, "%-" + width + "s %9s   confusion (rows: true class, columns: predicted)%n",
                "class", "accuracy"));
        for (int c = 0; c < confusion.length; c++) {
            String name = c < classNames.size() ? classNames.get(c) : String.valueOf(c);
            sb.append(String.format(Locale.ROOT, "%-" + width + "s %8.2f%%  ", name.length() > 12 ? name.substring(0, 12) : name,
                    100 * perClass[c]));
            for (int p = 0; p < confusion.length; p++) {
                sb.append(String.format(Locale.ROOT, " %5d", confusion[c][p]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
