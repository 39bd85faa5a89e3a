package dev.backprop.cli.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backprop.nn.Names;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * Configuration values looked up through layers, most specific first (a search trial, a run's
 * overrides, the experiment's defaults), each value remembering its path in the file so an error
 * names the file and line where the offending value was written.
 */
final class Layers {

    /** One layer: a JSON object and its path in the file. */
    record Layer(JsonNode node, String path) {
    }

    /** A value and where it came from. */
    record Value(JsonNode node, String path) {
    }

    private final LocatedTree tree;
    private final List<Layer> layers;

    Layers(LocatedTree tree, List<Layer> layers) {
        this.tree = tree;
        this.layers = List.copyOf(layers);
    }

    /** The same layers with {@code layer} in front. */
    Layers over(Layer layer) {
        List<Layer> all = new ArrayList<>();
        all.add(layer);
        all.addAll(layers);
        return new Layers(tree, all);
    }

    /** The most specific value at {@code section.key} (e.g. "optimizer", "lr"), or null. */
    Value get(String section, String key) {
        for (Layer l : layers) {
            JsonNode s = section.isEmpty() ? l.node() : l.node().get(section);
            if (s != null && s.isObject() && s.has(key)) {
                return new Value(s.get(key), l.path() + (section.isEmpty() ? "" : "/" + section) + "/" + key);
            }
        }
        return null;
    }

    /** True when some layer sets {@code section} to a non-object scalar such as {@code none}. */
    Value scalarSection(String section) {
        for (Layer l : layers) {
            JsonNode s = l.node().get(section);
            if (s != null) {
                return s.isObject() ? null : new Value(s, l.path() + "/" + section);
            }
        }
        return null;
    }

    /** Rejects keys of {@code section} in any layer that are not {@code allowed}, suggesting the nearest. */
    void checkKeys(String section, Collection<String> allowed) {
        for (Layer l : layers) {
            JsonNode s = section.isEmpty() ? l.node() : l.node().get(section);
            if (s == null || !s.isObject()) {
                continue;
            }
            for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!allowed.contains(key)) {
                    String path = l.path() + (section.isEmpty() ? "" : "/" + section) + "/" + key;
                    throw tree.error(path, Names.unknown("key" + (section.isEmpty() ? "" : " in '" + section + "'"), key,
                            allowed));
                }
            }
        }
    }

    String text(String section, String key, String fallback) {
        Value v = get(section, key);
        if (v == null || v.node().isNull()) {
            return fallback;
        }
        if (!v.node().isValueNode() || v.node().isBoolean()) {
            throw tree.error(v.path(), "'" + key + "' must be a name, got " + v.node());
        }
        return v.node().asText();
    }

    double number(String section, String key, double fallback) {
        Value v = get(section, key);
        if (v == null || v.node().isNull()) {
            return fallback;
        }
        if (v.node().isNumber()) {
            return v.node().asDouble();
        }
        if (v.node().isTextual()) {
            try {
                return Double.parseDouble(v.node().asText());   // YAML reads 1e-4 as text
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw tree.error(v.path(), "'" + key + "' must be a number, got " + v.node());
    }

    long integer(String section, String key, long fallback) {
        double d = number(section, key, fallback);
        if (d != Math.rint(d) || Double.isInfinite(d)) {
            throw tree.error(get(section, key).path(), "'" + key + "' must be a whole number, got " + d);
        }
        return (long) d;
    }

    /** A whole number that fits an int (a size or count): a larger one is an error, never a silently wrapped value. */
    int intValue(String section, String key, int fallback) {
        long v = integer(section, key, fallback);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw tree.error(get(section, key).path(), "'" + key + "' is " + v + ", more than the " + Integer.MAX_VALUE
                    + " it may be");
        }
        return (int) v;
    }

    boolean bool(String section, String key, boolean fallback) {
        Value v = get(section, key);
        if (v == null || v.node().isNull()) {
            return fallback;
        }
        if (!v.node().isBoolean()) {
            throw tree.error(v.path(), "'" + key + "' must be true or false, got " + v.node());
        }
        return v.node().asBoolean();
    }

    /** Parses a value with a library parser, turning its error into one that names the file and line. */
    <T> T parse(String section, String key, String fallback, Function<String, T> parser) {
        String text = text(section, key, fallback);
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            Value v = get(section, key);
            throw tree.error(v == null ? "" : v.path(), e.getMessage());
        }
    }

    /** Runs {@code action}, reporting an IllegalArgumentException at {@code section}'s location. */
    <T> T at(String section, java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (IllegalArgumentException e) {
            String path = "";
            for (Layer l : layers) {
                if (l.node().has(section)) {
                    path = l.path() + "/" + section;
                    break;
                }
            }
            throw tree.error(path, e.getMessage());
        }
    }

    LocatedTree tree() {
        return tree;
    }
}
