package dev.backprop.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a network is made of: one row per layer with its output shape and parameter count, and the
 * total. {@link #toString()} renders the table users see.
 *
 * @param dtype  element type
 * @param inputs number of input features
 * @param rows   one row per layer
 * @param total  total number of trainable parameters
 */
public record ModelSummary(String dtype, int inputs, List<Row> rows, long total) {

    /**
     * One layer.
     *
     * @param description e.g. {@code dense 784 -> 64, sigmoid}
     * @param outputs     output features
     * @param parameters  trainable scalars in this layer
     */
    public record Row(String description, int outputs, long parameters) {
    }

    static ModelSummary of(Network network) {
        List<Row> rows = new ArrayList<>();
        for (Dense layer : network.layers()) {
            long count = 0;
            for (Parameter p : layer.parameters()) {
                count += p.value().size();
            }
            rows.add(new Row(layer.describe(), layer.outputSize(), count));
        }
        return new ModelSummary(network.dtype().label(), network.inputSize(), List.copyOf(rows),
                network.parameterCount());
    }

    @Override
    public String toString() {
        int width = "layer".length();
        for (Row r : rows) {
            width = Math.max(width, r.description().length());
        }
        String format = "%-3s %-" + width + "s  %-12s %,12d%n";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-3s %-" + width + "s  %-12s %12s%n", "#", "layer", "output", "parameters"));
        sb.append(String.format(Locale.ROOT, "%-3s %-" + width + "s  %-12s %12s%n", "", "input", "[n, " + inputs + "]", ""));
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            sb.append(String.format(Locale.ROOT, format, i, r.description(), "[n, " + r.outputs() + "]", r.parameters()));
        }
        sb.append(String.format(Locale.ROOT, format, "", "total (" + dtype + ")", "", total));
        return sb.toString();
    }
}
